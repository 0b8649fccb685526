//! Invitations and one login in several tenants (DESIGN 13.3, "Users").

use cucumber::{then, when};
use inquiry_portal::{domain::MessageKind, notifications::outbox};

use crate::{
    steps::notifications::{link_in, receive},
    support::{csrf_token, location_header, PASSWORD},
    world::PortalWorld,
};

#[then(expr = "they are told {string}")]
async fn they_are_told(world: &mut PortalWorld, text: String) {
    assert!(world.last_body.contains(&text), "{}", world.last_body);
}

#[then(expr = "{string} receives an email {string} with an invitation link")]
async fn receives_an_invitation(world: &mut PortalWorld, email: String, subject: String) {
    let prefix = world.app().await.url("/invitations/");
    let message = receive(world, &email, &subject).await;
    let url = link_in(&message, &prefix);
    assert!(message.html.as_deref().unwrap_or_default().contains(&url));
    world.copied_url = Some(url);
}

/// The invitation's path, from the email received last.
fn invitation_path(world: &mut PortalWorld) -> String {
    let url = world
        .copied_url
        .clone()
        .expect("an invitation link from an email");
    let start = url.find("/invitations/").expect("an invitation link");
    url[start..].to_owned()
}

#[when(expr = "{string} opens the invitation link")]
async fn opens_the_invitation(world: &mut PortalWorld, email: String) {
    world.actor = Some(email.clone());
    let client = world.client_of(&email);
    let path = invitation_path(world);
    let response = client
        .get(world.app().await.url(&path))
        .send()
        .await
        .expect("GET the invitation");
    world.remember(response).await;
}

#[then(expr = "the invitation page says {string}")]
async fn the_invitation_page_says(world: &mut PortalWorld, text: String) {
    assert_eq!(world.last_status, Some(200), "{}", world.last_body);
    assert!(world.last_body.contains(&text), "{}", world.last_body);
}

#[when("they sign in from the invitation with their existing password")]
async fn they_sign_in_from_the_invitation(world: &mut PortalWorld) {
    let (email, client) = world.current();
    let path = invitation_path(world);
    let app = world.app().await;
    let login = format!("/login?next={path}");
    let token = app.csrf_from(&client, &login).await;
    let response = client
        .post(app.url(&login))
        .form(&[
            ("email", email.as_str()),
            ("password", PASSWORD),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .expect("POST /login");
    assert_eq!(
        location_header(&response).as_deref(),
        Some(path.as_str()),
        "the sign-in continues to the invitation"
    );
}

#[when("they accept the invitation")]
async fn they_accept_the_invitation(world: &mut PortalWorld) {
    let (_, client) = world.current();
    let path = invitation_path(world);
    let app = world.app().await;
    let response = app
        .post_form(&client, &path, &format!("{path}/accept"), &[])
        .await;
    assert_eq!(response.status(), 303, "the invitation is accepted");
}

#[when(expr = "{string} accepts their invitation, choosing a password")]
async fn accepts_choosing_a_password(world: &mut PortalWorld, email: String) {
    let client = world.client_of(&email);
    let app = world.app().await;
    let message = crate::support::mail_rows(app)
        .await
        .into_iter()
        .filter(|row| row.kind == MessageKind::Invitation)
        .map(|row| outbox::open(&app.state, row).expect("the message opens"))
        .rfind(|message| message.to == email)
        .expect("an invitation to them in the outbox");
    let start = message.text.find("/invitations/").expect("a link");
    let path: String = message.text[start..]
        .split_whitespace()
        .next()
        .expect("the path")
        .to_owned();
    let page = client.get(app.url(&path)).send().await.expect("GET");
    let token = csrf_token(&page.text().await.expect("body"));
    let response = client
        .post(app.url(&format!("{path}/password")))
        .form(&[
            ("password", PASSWORD),
            ("confirm_password", PASSWORD),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .expect("POST the password");
    assert_eq!(response.status(), 303, "the invitation is accepted");
}

#[when(expr = "they switch to {string}")]
async fn they_switch_to(world: &mut PortalWorld, slug: String) {
    let (_, client) = world.current();
    let response = world
        .app()
        .await
        .post_form(
            &client,
            "/",
            "/account/tenant",
            &[("tenant", slug.as_str())],
        )
        .await;
    assert_eq!(response.status(), 303, "the switch is accepted");
}

#[then(expr = "they work in {string} and their links page shows {string} but not {string}")]
async fn they_work_in(world: &mut PortalWorld, tenant: String, shown: String, hidden: String) {
    let (_, client) = world.current();
    let app = world.app().await;
    let page = client
        .get(app.url("/links"))
        .send()
        .await
        .expect("GET /links")
        .text()
        .await
        .expect("body");
    assert!(
        page.contains(&format!("selected>{tenant}</option>")),
        "the switcher shows {tenant}: {page}"
    );
    assert!(page.contains(&shown), "{shown} is listed: {page}");
    assert!(!page.contains(&hidden), "{hidden} is not listed: {page}");
}
