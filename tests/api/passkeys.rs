//! Passkeys: registration, sign-in without a password, the second step, and the edges a
//! browser cannot show (no ceremony, replays, someone else's or a removed passkey, CSRF).
//! A software authenticator signs real WebAuthn answers.

use inquiry_portal::domain::Role;
use serde_json::{json, Value};

use crate::support::{
    client, location_header, passkey::SoftAuthenticator, spawn_app_with, TestApp, LOCALHOST,
    PASSWORD,
};

/// A portal under `localhost`: WebAuthn needs a domain, not an IP address.
async fn spawn_passkey_app() -> TestApp {
    spawn_app_with(|settings| settings.public_url = LOCALHOST.into()).await
}

async fn post_json(
    app: &TestApp,
    http: &reqwest::Client,
    path: &str,
    token: Option<&str>,
    body: &Value,
) -> (u16, Value) {
    let mut request = http.post(app.url(path)).json(body);
    if let Some(token) = token {
        request = request.header("X-CSRF-Token", token);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Registers a passkey of `authenticator` for the signed-in `http`.
async fn register(
    app: &TestApp,
    http: &reqwest::Client,
    authenticator: &mut SoftAuthenticator,
    name: &str,
) -> (u16, Value) {
    let token = app.csrf_from(http, "/account/security").await;
    let (status, options) = post_json(
        app,
        http,
        "/account/security/passkeys/options",
        Some(&token),
        &json!({}),
    )
    .await;
    assert_eq!(status, 200, "{options}");
    let selection = &options["publicKey"]["authenticatorSelection"];
    assert_eq!(
        selection["residentKey"], "required",
        "a discoverable passkey"
    );
    let credential = authenticator.register(&options);
    let body = json!({"name": name, "credential": credential});
    post_json(app, http, "/account/security/passkeys", Some(&token), &body).await
}

/// A fresh browser on the login page: its client and the page's token.
async fn login_page(app: &TestApp) -> (reqwest::Client, String) {
    let http = client();
    let token = app.csrf_from(&http, "/login").await;
    (http, token)
}

async fn sign_in_options(app: &TestApp, http: &reqwest::Client, token: &str) -> Value {
    let (status, options) =
        post_json(app, http, "/login/passkey/options", Some(token), &json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(options["publicKey"]["allowCredentials"], json!([]));
    options
}

/// Signs in with `authenticator` in a fresh browser: its client and the finish's answer.
async fn sign_in(
    app: &TestApp,
    authenticator: &mut SoftAuthenticator,
) -> (reqwest::Client, u16, Value) {
    let (http, token) = login_page(app).await;
    let options = sign_in_options(app, &http, &token).await;
    let answer = authenticator.assert(&options);
    let (status, body) = post_json(app, &http, "/login/passkey", Some(&token), &answer).await;
    (http, status, body)
}

async fn status_of(app: &TestApp, http: &reqwest::Client, path: &str) -> u16 {
    http.get(app.url(path))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_registered_passkey_signs_in_without_the_password_and_both_are_audited() {
    let app = spawn_passkey_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let owner = client();
    app.login(&owner, "owner@acme.test").await;
    let mut laptop = SoftAuthenticator::new(&app.settings.public_url);
    let (status, body) = register(&app, &owner, &mut laptop, "Work laptop").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["redirect"], "/account/security");
    let mut phone = SoftAuthenticator::new(&app.settings.public_url);
    assert_eq!(register(&app, &owner, &mut phone, "Phone").await.0, 200);
    let page = owner
        .get(app.url("/account/security"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Work laptop") && page.contains("Phone"),
        "{page}"
    );
    assert_eq!(
        laptop.user_handle, phone.user_handle,
        "one handle per login"
    );

    let (browser, status, body) = sign_in(&app, &mut phone).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["redirect"], "/");
    assert_eq!(status_of(&app, &browser, "/links").await, 200);
    let actions = app.audit_trail().await;
    let registered = actions
        .iter()
        .filter(|a| a.starts_with("passkey.registered"));
    assert_eq!(registered.count(), 2, "{actions:?}");
    assert!(
        actions
            .iter()
            .any(|a| a.starts_with("login.succeeded") && a.contains("\"passkey\"")),
        "{actions:?}"
    );
}

#[tokio::test]
async fn a_finish_without_a_ceremony_and_a_replayed_answer_are_refused() {
    let app = spawn_passkey_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let owner = client();
    app.login(&owner, "owner@acme.test").await;
    let mut key = SoftAuthenticator::new(&app.settings.public_url);
    assert_eq!(register(&app, &owner, &mut key, "Key").await.0, 200);

    // Registration: an answer with no ceremony started in this session stores nothing.
    let mut other = SoftAuthenticator::new(&app.settings.public_url);
    let token = app.csrf_from(&owner, "/account/security").await;
    let (_, options) = post_json(
        &app,
        &owner,
        "/account/security/passkeys/options",
        Some(&token),
        &json!({}),
    )
    .await;
    let credential = other.register(&options);
    let body = json!({"name": "Other", "credential": credential});
    let first = post_json(
        &app,
        &owner,
        "/account/security/passkeys",
        Some(&token),
        &body,
    )
    .await;
    assert_eq!(first.0, 200);
    let again = post_json(
        &app,
        &owner,
        "/account/security/passkeys",
        Some(&token),
        &body,
    )
    .await;
    assert_eq!(again.0, 422, "the registration ceremony answers once");
    assert_eq!(app.count_rows("passkeys").await, 2);

    // Sign-in: nothing started in this browser.
    let (elsewhere, elsewhere_token) = login_page(&app).await;
    let options = sign_in_options(&app, &elsewhere, &elsewhere_token).await;
    let answer = key.assert(&options);
    let (http, token) = login_page(&app).await;
    let (status, _) = post_json(&app, &http, "/login/passkey", Some(&token), &answer).await;
    assert_eq!(status, 401, "no ceremony in this session");

    // The same answer twice: the challenge answers once.
    let options = sign_in_options(&app, &http, &token).await;
    let answer = key.assert(&options);
    assert_eq!(
        post_json(&app, &http, "/login/passkey", Some(&token), &answer)
            .await
            .0,
        200
    );
    let (http, token) = login_page(&app).await;
    sign_in_options(&app, &http, &token).await;
    let (status, _) = post_json(&app, &http, "/login/passkey", Some(&token), &answer).await;
    assert_eq!(status, 401, "an old challenge is refused in a new ceremony");
    assert_eq!(status_of(&app, &http, "/links").await, 303);
}

#[tokio::test]
async fn another_users_passkey_and_a_removed_one_do_not_sign_in() {
    let app = spawn_passkey_app().await;
    let (acme, _) = app.create_tenant("acme", "owner@acme.test").await;
    app.create_user(&acme, "issuer@acme.test", Role::Issuer)
        .await;
    let owner = client();
    app.login(&owner, "owner@acme.test").await;
    let mut owners_key = SoftAuthenticator::new(&app.settings.public_url);
    assert_eq!(
        register(&app, &owner, &mut owners_key, "Owner's").await.0,
        200
    );
    let issuer = client();
    app.login(&issuer, "issuer@acme.test").await;
    let mut issuers_key = SoftAuthenticator::new(&app.settings.public_url);
    assert_eq!(
        register(&app, &issuer, &mut issuers_key, "Issuer's")
            .await
            .0,
        200
    );

    // The owner's credential claiming the issuer's account.
    let owners_handle = owners_key.user_handle.clone();
    owners_key.user_handle = issuers_key.user_handle.clone();
    assert_eq!(sign_in(&app, &mut owners_key).await.1, 401);
    owners_key.user_handle = owners_handle;

    // The issuer, half-signed-in with the password, offers the owner's passkey.
    let half = client();
    let login = app.post_login(&half, "issuer@acme.test", PASSWORD).await;
    assert_eq!(
        location_header(&login).as_deref(),
        Some("/login/second-factor")
    );
    let token = app.csrf_from(&half, "/login").await;
    let (status, options) = post_json(
        &app,
        &half,
        "/login/second-factor/passkey/options",
        Some(&token),
        &json!({}),
    )
    .await;
    assert_eq!(status, 200);
    let answer = owners_key.assert(&options);
    let (status, _) = post_json(
        &app,
        &half,
        "/login/second-factor/passkey",
        Some(&token),
        &answer,
    )
    .await;
    assert_eq!(status, 401);
    assert_eq!(status_of(&app, &half, "/links").await, 303);

    // A removed passkey no longer signs in.
    let (signed_in, status, _) = sign_in(&app, &mut issuers_key).await;
    assert_eq!(status, 200);
    let id = app
        .texts("SELECT public_id AS v FROM passkeys ORDER BY id")
        .await[1]
        .clone();
    let path = format!("/account/security/passkeys/{id}/remove");
    let removed = app
        .post_form(&signed_in, "/account/security", &path, &[])
        .await;
    assert_eq!(removed.status(), 303);
    assert_eq!(sign_in(&app, &mut issuers_key).await.1, 401);
    let actions = app.audit_trail().await;
    assert!(
        actions.iter().any(|a| a.starts_with("passkey.removed")),
        "{actions:?}"
    );
    assert!(
        actions
            .iter()
            .any(|a| a.starts_with("login.failed") && a.contains("\"passkey\"")),
        "{actions:?}"
    );
}

#[tokio::test]
async fn renaming_and_removing_need_the_csrf_token_and_touch_only_ones_own_passkeys() {
    let app = spawn_passkey_app().await;
    let (acme, _) = app.create_tenant("acme", "owner@acme.test").await;
    app.create_user(&acme, "issuer@acme.test", Role::Issuer)
        .await;
    let owner = client();
    app.login(&owner, "owner@acme.test").await;
    let mut key = SoftAuthenticator::new(&app.settings.public_url);
    assert_eq!(register(&app, &owner, &mut key, "Laptop").await.0, 200);
    let id = app
        .texts("SELECT public_id AS v FROM passkeys ORDER BY id")
        .await[0]
        .clone();
    let rename = format!("/account/security/passkeys/{id}/rename");
    let remove = format!("/account/security/passkeys/{id}/remove");

    let no_token = owner
        .post(app.url(&rename))
        .form(&[("name", "Stolen")])
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), 403);
    let no_token = owner
        .post(app.url(&remove))
        .form(&[("x", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), 403);
    let (status, _) = post_json(
        &app,
        &owner,
        "/account/security/passkeys/options",
        None,
        &json!({}),
    )
    .await;
    assert_eq!(status, 403, "the JSON calls need the token too");

    let issuer = client();
    app.login(&issuer, "issuer@acme.test").await;
    let renamed = app
        .post_form(&issuer, "/account/security", &rename, &[("name", "Mine")])
        .await;
    assert_eq!(renamed.status(), 404);
    let removed = app
        .post_form(&issuer, "/account/security", &remove, &[])
        .await;
    assert_eq!(removed.status(), 404);
    assert_eq!(app.count_rows("passkeys").await, 1);

    let too_long = "x".repeat(81);
    let refused = app
        .post_form(&owner, "/account/security", &rename, &[("name", &too_long)])
        .await;
    let (_, page) = app.follow(&owner, refused).await;
    assert!(page.contains("at most 80 characters"), "{page}");
    let renamed = app
        .post_form(
            &owner,
            "/account/security",
            &rename,
            &[("name", "Desk key")],
        )
        .await;
    let (_, page) = app.follow(&owner, renamed).await;
    assert!(page.contains("Desk key") && !page.contains("value=\"Laptop\""));
    let removed = app
        .post_form(&owner, "/account/security", &remove, &[])
        .await;
    assert_eq!(removed.status(), 303);
    assert_eq!(app.count_rows("passkeys").await, 0);
    let actions = app.audit_trail().await;
    assert_eq!(
        actions
            .iter()
            .filter(|a| a.starts_with("passkey.renamed"))
            .count(),
        1
    );
    assert_eq!(
        actions
            .iter()
            .filter(|a| a.starts_with("passkey.removed"))
            .count(),
        1
    );
}

#[tokio::test]
async fn a_passkey_is_the_second_step_after_the_password_and_satisfies_a_tenant_requirement() {
    let app = spawn_passkey_app().await;
    let (acme, _) = app.create_tenant("acme", "owner@acme.test").await;
    app.create_user(&acme, "issuer@acme.test", Role::Issuer)
        .await;
    let owner = client();
    app.login(&owner, "owner@acme.test").await;
    app.require_second_factor(&owner).await;

    let issuer = client();
    let login = app.post_login(&issuer, "issuer@acme.test", PASSWORD).await;
    assert_eq!(
        location_header(&login).as_deref(),
        Some("/account/security")
    );
    let mut key = SoftAuthenticator::new(&app.settings.public_url);
    assert_eq!(register(&app, &issuer, &mut key, "Laptop").await.0, 200);
    assert_eq!(
        status_of(&app, &issuer, "/links").await,
        200,
        "enrolled with a passkey"
    );

    let second = client();
    let login = app.post_login(&second, "issuer@acme.test", PASSWORD).await;
    assert_eq!(
        location_header(&login).as_deref(),
        Some("/login/second-factor")
    );
    let page = second
        .get(app.url("/login/second-factor"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Use a passkey") && !page.contains("name=\"code\""),
        "{page}"
    );
    let token = app.csrf_from(&second, "/login").await;
    let (_, options) = post_json(
        &app,
        &second,
        "/login/second-factor/passkey/options",
        Some(&token),
        &json!({}),
    )
    .await;
    assert_eq!(
        options["publicKey"]["allowCredentials"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    let answer = key.assert(&options);
    let (status, body) = post_json(
        &app,
        &second,
        "/login/second-factor/passkey",
        Some(&token),
        &answer,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(status_of(&app, &second, "/links").await, 200);
    let actions = app.audit_trail().await;
    assert!(
        actions
            .iter()
            .any(|a| a.starts_with("login.password_accepted")),
        "{actions:?}"
    );
}
