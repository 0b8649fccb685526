//! The invitee's side: a new address sets a password; a login signs in as itself; a token
//! works once and for seven days.

use inquiry_portal::{
    domain::Role,
    entities::{invitations, memberships},
    repo::{self, TenantScope},
};
use sea_orm::{sea_query::Expr, ColumnTrait, EntityTrait, QueryFilter};

use super::{accept_signed_in, accept_with_password, invite, latest_invitation_path, signed_in};
use crate::support::{client, location_header, spawn_app, TestApp, PASSWORD};

const NEW_PASSWORD: &str = "a brand new passphrase";

async fn membership_of(app: &TestApp, tenant_id: i32, email: &str) -> Option<memberships::Model> {
    let email = inquiry_portal::domain::Email::parse(email).unwrap();
    let user = repo::users::find_by_email(&app.db.connection, &email)
        .await
        .unwrap()?;
    repo::memberships::find(&app.db.connection, TenantScope::new(tenant_id), user.id)
        .await
        .unwrap()
}

async fn invited(app: &TestApp, email: &str, role: &str) -> String {
    let owner = signed_in(app, "owner@acme.test").await;
    let (status, _) = invite(app, &owner, email, role).await;
    assert_eq!(status, 200);
    latest_invitation_path(app).await
}

#[tokio::test]
async fn a_new_address_sets_a_password_by_the_usual_rules_and_works_in_the_tenant() {
    let app = spawn_app().await;
    let (acme, _) = app.create_tenant("acme", "owner@acme.test").await;
    let path = invited(&app, "grace@example.com", "issuer").await;
    let invitee = client();
    let page = invitee.get(app.url(&path)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["cache-control"], "no-store");
    let page = page.text().await.unwrap();
    assert!(
        page.contains("Join Tenant acme") && page.contains("issuer"),
        "{page}"
    );

    let short = accept_with_password(&app, &invitee, &path, "short").await;
    assert_eq!(short.status(), 422);
    assert!(short.text().await.unwrap().contains("at least 12"));
    assert_eq!(app.count_rows("users").await, 1, "nothing created");

    let accepted = accept_with_password(&app, &invitee, &path, NEW_PASSWORD).await;
    assert_eq!(accepted.status(), 303);
    assert_eq!(location_header(&accepted).as_deref(), Some("/"));
    let dashboard = invitee.get(app.url("/")).send().await.unwrap();
    assert_eq!(dashboard.status(), 200);
    assert!(dashboard
        .text()
        .await
        .unwrap()
        .contains("Welcome to Tenant acme"));
    let membership = membership_of(&app, acme.id, "grace@example.com")
        .await
        .expect("a membership");
    assert_eq!(membership.role, Role::Issuer);

    let again = app
        .post_login(&client(), "grace@example.com", NEW_PASSWORD)
        .await;
    assert_eq!(again.status(), 303, "the new password signs in");
    assert_eq!(
        app.count_rows("audit_events WHERE action = 'user.invitation_accepted'")
            .await,
        1
    );
}

#[tokio::test]
async fn an_invitation_works_once() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let path = invited(&app, "grace@example.com", "viewer").await;
    let first = accept_with_password(&app, &client(), &path, NEW_PASSWORD).await;
    assert_eq!(first.status(), 303);
    let users = app.count_rows("users").await;

    let later = client();
    let page = later.get(app.url(&path)).send().await.unwrap();
    assert_eq!(page.status(), 410);
    assert!(page.text().await.unwrap().contains("already"));
    let token = app.csrf_from(&later, "/login").await;
    let second = later
        .post(app.url(&format!("{path}/password")))
        .form(&[
            ("password", "another passphrase!"),
            ("confirm_password", "another passphrase!"),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(second.status(), 410);
    assert_eq!(app.count_rows("users").await, users);
    let old = app
        .post_login(&client(), "grace@example.com", NEW_PASSWORD)
        .await;
    assert_eq!(old.status(), 303, "the first password stays");
}

#[tokio::test]
async fn an_expired_invitation_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let path = invited(&app, "grace@example.com", "viewer").await;
    let invitee = client();
    // The form was opened while the invitation was valid; it expires before the POST.
    let page = invitee.get(app.url(&path)).send().await.unwrap();
    let token = crate::support::csrf_token(&page.text().await.unwrap());
    invitations::Entity::update_many()
        .col_expr(
            invitations::Column::ExpiresAt,
            Expr::value(inquiry_portal::db::now() - 1),
        )
        .exec(&app.db.connection)
        .await
        .unwrap();
    let response = invitee
        .post(app.url(&format!("{path}/password")))
        .form(&[
            ("password", NEW_PASSWORD),
            ("confirm_password", NEW_PASSWORD),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 410);
    assert!(response.text().await.unwrap().contains("expired"));
    assert_eq!(
        invitee.get(app.url(&path)).send().await.unwrap().status(),
        410
    );
    assert_eq!(app.count_rows("users").await, 1);
}

#[tokio::test]
async fn an_unknown_or_malformed_token_is_not_found() {
    let app = spawn_app().await;
    for path in [
        "/invitations/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "/invitations/x",
    ] {
        let response = client().get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
    }
}

#[tokio::test]
async fn a_login_from_another_tenant_must_sign_in_as_itself_to_accept() {
    let app = spawn_app().await;
    let (acme, _) = app.create_tenant("acme", "owner@acme.test").await;
    let (globex, _) = app.create_tenant("globex", "owner@globex.test").await;
    app.create_user(&globex, "viewer@globex.test", Role::Viewer)
        .await;
    let path = invited(&app, "owner@globex.test", "issuer").await;

    // Not signed in: the page asks to sign in; no password can be set for the login.
    let stranger = client();
    let page = stranger
        .get(app.url(&path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Sign in to accept"), "{page}");
    assert!(page.contains(&format!("/login?next={path}")), "{page}");
    assert!(!page.contains("/password\""), "{page}");
    let token = app.csrf_from(&stranger, "/login").await;
    let takeover = stranger
        .post(app.url(&format!("{path}/password")))
        .form(&[
            ("password", NEW_PASSWORD),
            ("confirm_password", NEW_PASSWORD),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(takeover.status(), 303);
    assert_eq!(location_header(&takeover).as_deref(), Some(path.as_str()));
    let refused = app
        .post_login(&client(), "owner@globex.test", NEW_PASSWORD)
        .await;
    assert_eq!(refused.status(), 401, "the password did not change");

    // Signed in as someone else: refused, nothing changes.
    let other = signed_in(&app, "viewer@globex.test").await;
    let page = other
        .get(app.url(&path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("signed in with another account"), "{page}");
    let wrong = accept_signed_in(&app, &other, &path).await;
    assert_eq!(wrong.status(), 403);
    assert!(membership_of(&app, acme.id, "viewer@globex.test")
        .await
        .is_none());
    assert!(membership_of(&app, acme.id, "owner@globex.test")
        .await
        .is_none());

    // Signed in as the invited login, through the invitation's sign-in link.
    let invitee = client();
    let token = app
        .csrf_from(&invitee, &format!("/login?next={path}"))
        .await;
    let login = invitee
        .post(app.url(&format!("/login?next={path}")))
        .form(&[
            ("email", "owner@globex.test"),
            ("password", PASSWORD),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location_header(&login).as_deref(), Some(path.as_str()));
    let accepted = accept_signed_in(&app, &invitee, &path).await;
    assert_eq!(accepted.status(), 303);
    let membership = membership_of(&app, acme.id, "owner@globex.test")
        .await
        .expect("the login joined acme");
    assert_eq!(membership.role, Role::Issuer);
    let home = membership_of(&app, globex.id, "owner@globex.test")
        .await
        .unwrap();
    assert_eq!(home.role, Role::Owner, "its own tenant is untouched");
    let row = invitations::Entity::find()
        .filter(invitations::Column::Email.eq("owner@globex.test"))
        .one(&app.db.connection)
        .await
        .unwrap()
        .unwrap();
    assert!(row.accepted_at.is_some());
    assert_eq!(accept_signed_in(&app, &invitee, &path).await.status(), 410);
}

#[tokio::test]
async fn a_member_already_keeps_their_membership_and_role() {
    let app = spawn_app().await;
    let (acme, _) = app.create_tenant("acme", "owner@acme.test").await;
    app.create_user(&acme, "viewer@acme.test", Role::Viewer)
        .await;
    let path = invited(&app, "viewer@acme.test", "owner").await;
    let member = signed_in(&app, "viewer@acme.test").await;
    assert_eq!(accept_signed_in(&app, &member, &path).await.status(), 303);
    let membership = membership_of(&app, acme.id, "viewer@acme.test")
        .await
        .unwrap();
    assert_eq!(membership.role, Role::Viewer);
    assert_eq!(app.count_rows("memberships").await, 2);
}

#[tokio::test]
async fn the_login_page_continues_only_to_an_invitation() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    for next in [
        "https://evil.test/",
        "//evil.test",
        "/users",
        "/invitations/../users",
    ] {
        let http = client();
        let path = format!("/login?next={next}");
        let token = app.csrf_from(&http, &path).await;
        let login = http
            .post(app.url(&path))
            .form(&[
                ("email", "owner@acme.test"),
                ("password", PASSWORD),
                ("csrf_token", &token),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(location_header(&login).as_deref(), Some("/"), "{next}");
    }
}
