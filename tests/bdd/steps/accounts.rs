use cucumber::{given, then, when};
use inquiry_portal::domain::Role;

use crate::{support::PASSWORD, world::PortalWorld};

#[given(expr = "an operator {string}")]
async fn an_operator(world: &mut PortalWorld, email: String) {
    world.app().await.create_operator(&email).await;
}

#[given(expr = "a tenant {string} with owner {string}")]
async fn a_tenant_with_owner(world: &mut PortalWorld, slug: String, email: String) {
    world.app().await.create_tenant(&slug, &email).await;
}

#[given(expr = "a user {string} with role {string} in {string}")]
async fn a_user_with_role(world: &mut PortalWorld, email: String, role: String, slug: String) {
    let app = world.app().await;
    let tenant = inquiry_portal::repo::tenants::find_by_slug(&app.db.connection, &slug)
        .await
        .expect("query")
        .expect("tenant exists");
    let role = Role::parse_tenant_role(&role).expect("a tenant role");
    app.create_user(&tenant, &email, role).await;
}

#[when(expr = "{string} logs in")]
async fn logs_in(world: &mut PortalWorld, email: String) {
    let client = world.client_of(&email);
    world.app().await.login(&client, &email).await;
    world.actor = Some(email);
}

#[when(expr = "they create the tenant {string} named {string} with owner {string}")]
async fn they_create_a_tenant(world: &mut PortalWorld, slug: String, name: String, owner: String) {
    let (_, client) = world.current();
    let response = world
        .app()
        .await
        .post_form(
            &client,
            "/operator/tenants",
            "/operator/tenants",
            &[
                ("slug", slug.as_str()),
                ("name", name.as_str()),
                ("admin_email", owner.as_str()),
                ("admin_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "the tenant is created");
}

#[when(expr = "they add {string} as {string}")]
async fn they_add_a_user(world: &mut PortalWorld, email: String, role: String) {
    let (_, client) = world.current();
    let app = world.app().await;
    let response = app
        .post_form(
            &client,
            "/",
            "/users",
            &[("email", email.as_str()), ("role", role.as_str())],
        )
        .await;
    if response.status() != 303 {
        world.remember(response).await;
        return;
    }
    // Post/Redirect/Get: what the owner is told is on the page the answer leads to.
    let (_, page) = app.follow(&client, response).await;
    world.last_status = Some(303);
    world.last_body = page;
}

#[when("they log out")]
async fn they_log_out(world: &mut PortalWorld) {
    let (_, client) = world.current();
    let response = world
        .app()
        .await
        .post_form(&client, "/", "/logout", &[])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/login");
}

#[then(expr = "{string} can log in")]
async fn can_log_in(world: &mut PortalWorld, email: String) {
    let fresh = crate::support::client();
    world.app().await.login(&fresh, &email).await;
}

#[then(expr = "the tenant list shows {string}")]
async fn the_tenant_list_shows(world: &mut PortalWorld, name: String) {
    let (_, client) = world.current();
    let url = world.app().await.url("/operator/tenants");
    let page = client
        .get(url)
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("body");
    assert!(page.contains(&name), "tenant list lacks {name}");
}

#[then(expr = "the user list shows {string} as {string}")]
async fn the_user_list_shows(world: &mut PortalWorld, email: String, role: String) {
    let (_, client) = world.current();
    let url = world.app().await.url("/users");
    let page = client
        .get(url)
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("body");
    let row = page
        .split("<tr>")
        .skip(1)
        .find(|row| row.starts_with(&format!("<td>{email}")))
        .unwrap_or_else(|| panic!("no row for {email}"));
    assert!(
        row.contains(&format!("<td>{role}</td>")),
        "{email} is not {role}"
    );
}

#[then(expr = "the tenant {string} still has {int} user(s)")]
async fn the_tenant_still_has_users(world: &mut PortalWorld, slug: String, count: u64) {
    use sea_orm::PaginatorTrait;
    let app = world.app().await;
    let tenant = inquiry_portal::repo::tenants::find_by_slug(&app.db.connection, &slug)
        .await
        .expect("query")
        .expect("tenant");
    let users = inquiry_portal::repo::TenantScope::new(tenant.id)
        .memberships()
        .count(&app.db.connection)
        .await
        .expect("count");
    assert_eq!(users, count);
}
