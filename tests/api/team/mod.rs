//! Invitations, one login in several tenants, the tenant switcher (DESIGN 13.3, "Users").

mod accept;
mod invite;
mod switch;

use inquiry_portal::{domain::MessageKind, notifications::outbox};

use crate::{
    mail::outbox_rows,
    support::{client, csrf_token, location_header, TestApp, PASSWORD},
};

/// The owner submits "Add a user" as a browser does; returns the answer's status and
/// the page it leads to (or the re-rendered form).
pub async fn invite(
    app: &TestApp,
    owner: &reqwest::Client,
    email: &str,
    role: &str,
) -> (u16, String) {
    let response = app
        .submit_form(
            owner,
            "/users",
            "/users",
            &[("email", email), ("role", role)],
        )
        .await;
    if response.status() == 303 {
        app.follow(owner, response).await
    } else {
        let status = response.status().as_u16();
        (status, response.text().await.unwrap_or_default())
    }
}

/// The invitation messages in the outbox, decrypted, oldest first.
pub async fn invitations_sent(app: &TestApp) -> Vec<outbox::OpenedMessage> {
    outbox_rows(app)
        .await
        .into_iter()
        .filter(|row| row.kind == MessageKind::Invitation)
        .map(|row| outbox::open(&app.state, row).expect("the message opens"))
        .collect()
}

/// The invitation page's path from a message's text part.
pub fn invitation_path(app: &TestApp, text: &str) -> String {
    let url = text
        .split_whitespace()
        .find(|word| word.contains("/invitations/"))
        .expect("an invitation link in the message");
    url.strip_prefix(&app.settings.public_url)
        .unwrap_or(url)
        .to_owned()
}

/// The path of the latest invitation sent.
pub async fn latest_invitation_path(app: &TestApp) -> String {
    let sent = invitations_sent(app).await;
    invitation_path(app, &sent.last().expect("an invitation was sent").text)
}

/// A new address accepts by choosing a password; returns the answer.
pub async fn accept_with_password(
    app: &TestApp,
    invitee: &reqwest::Client,
    path: &str,
    password: &str,
) -> reqwest::Response {
    let page = invitee.get(app.url(path)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let token = csrf_token(&page.text().await.unwrap());
    invitee
        .post(app.url(&format!("{path}/password")))
        .form(&[
            ("password", password),
            ("confirm_password", password),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap()
}

/// A signed-in login presses "Accept" on the invitation page; returns the answer.
pub async fn accept_signed_in(
    app: &TestApp,
    invitee: &reqwest::Client,
    path: &str,
) -> reqwest::Response {
    // The session's token (from any signed-in page): the invitation page of someone
    // signed in as another login has no form.
    app.post_form(invitee, "/account", &format!("{path}/accept"), &[])
        .await
}

/// Switches `user`'s session to the tenant `slug`; returns the answer's status.
pub async fn switch_to(app: &TestApp, user: &reqwest::Client, slug: &str) -> u16 {
    let response = app
        .post_form(user, "/account", "/account/tenant", &[("tenant", slug)])
        .await;
    let status = response.status().as_u16();
    if status == 303 {
        assert_eq!(location_header(&response).as_deref(), Some("/"));
    }
    status
}

/// A fresh browser signed in as `email` with the test password.
pub async fn signed_in(app: &TestApp, email: &str) -> reqwest::Client {
    let http = client();
    let response = app.post_login(&http, email, PASSWORD).await;
    assert_eq!(response.status(), 303, "{email} signs in");
    http
}
