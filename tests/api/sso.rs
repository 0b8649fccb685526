//! OpenID Connect single sign-on against a real identity provider (`oidc-provider` from
//! npm on 127.0.0.1): sign-in, accounts made just in time, every refusal, the settings.

use inquiry_portal::{
    domain::{Email, Role},
    repo,
};

use crate::support::{
    client, location_header,
    oidc::{provider_url, IdentityProvider, CLIENT_SECRET},
    spawn_app, spawn_app_with, TestApp, PASSWORD,
};

/// Where a redirect points.
fn to(response: &reqwest::Response) -> String {
    location_header(response).expect("a Location header")
}

async fn find_user(app: &TestApp, email: &str) -> Option<inquiry_portal::entities::users::Model> {
    let email = Email::parse(email).unwrap();
    repo::users::find_by_email(&app.db.connection, &email)
        .await
        .unwrap()
}

/// A portal with tenant `acme` (owner `owner@acme.test`) whose single sign-on goes to a
/// fresh identity provider for `staff.example`, new accounts as issuers.
pub(crate) async fn tenant_with_sso(password_sign_in: bool) -> (TestApp, IdentityProvider) {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let provider = IdentityProvider::start(&app).await;
    let owner = client();
    app.login(&owner, "owner@acme.test").await;
    let saved = app
        .configure_sso(
            &owner,
            &provider,
            "staff.example",
            "issuer",
            password_sign_in,
        )
        .await;
    assert_eq!(saved.status(), 303, "{}", saved.text().await.unwrap());
    (app, provider)
}

#[tokio::test]
async fn a_first_sign_in_through_the_identity_provider_makes_an_account_with_the_default_role() {
    let (app, _provider) = tenant_with_sso(true).await;
    let browser = client();
    let started = app.continue_with_sso(&browser, "alice@staff.example").await;
    let authorize = provider_url(started).await;
    for expected in [
        "code_challenge_method=S256",
        "code_challenge=",
        "nonce=",
        "state=",
        "login_hint=alice%40staff.example",
    ] {
        assert!(
            authorize.contains(expected),
            "{expected} missing in {authorize}"
        );
    }

    let answer = app
        .sign_in_with_sso(&browser, "alice@staff.example", "alice@staff.example", true)
        .await;
    assert_eq!(answer.status(), 303);
    assert_eq!(to(&answer), "/");
    let dashboard = browser.get(app.url("/links")).send().await.unwrap();
    assert_eq!(dashboard.status(), 200, "signed in after single sign-on");

    let alice = find_user(&app, "alice@staff.example")
        .await
        .expect("JIT account");
    assert_eq!(alice.role, Role::Issuer);
    let trail = app.audit_trail().await;
    assert!(trail
        .iter()
        .any(|l| l.starts_with("user.created") && l.contains("\"via\":\"sso\"")));
    assert!(trail
        .iter()
        .any(|l| l.starts_with("login.succeeded") && l.contains("\"factor\":\"sso\"")));

    // The second time, the same account.
    let users_before = app.count_rows("users").await;
    let again = app
        .sign_in_with_sso(
            &client(),
            "alice@staff.example",
            "alice@staff.example",
            true,
        )
        .await;
    assert_eq!(again.status(), 303);
    assert_eq!(app.count_rows("users").await, users_before);
}

/// Signs in with the provider switched to `mode`; the portal must refuse with `reason`,
/// say `words`, and create nothing.
async fn refused_when_the_provider_issues(mode: &str, reason: &str, words: &str) {
    let (app, provider) = tenant_with_sso(true).await;
    provider.set_mode(mode).await;
    let users_before = app.count_rows("users").await;
    let browser = client();
    let answer = app
        .sign_in_with_sso(&browser, "bob@staff.example", "bob@staff.example", true)
        .await;
    assert_eq!(answer.status(), 403);
    let page = answer.text().await.unwrap();
    assert!(page.contains(words), "{mode}: page says {page}");
    assert_eq!(
        app.count_rows("users").await,
        users_before,
        "{mode}: nothing created"
    );
    assert!(find_user(&app, "bob@staff.example").await.is_none());
    let trail = app.audit_trail().await;
    assert!(
        trail
            .iter()
            .any(|l| l.starts_with("login.sso_refused") && l.contains(reason)),
        "{mode}: audit {trail:?}"
    );
    let after = browser.get(app.url("/links")).send().await.unwrap();
    assert_eq!(after.status(), 303, "{mode}: not signed in");
}

#[tokio::test]
async fn an_id_token_for_another_audience_is_refused_and_creates_nothing() {
    refused_when_the_provider_issues(
        "wrong-audience",
        "wrong_audience",
        "issued for another application",
    )
    .await;
}

#[tokio::test]
async fn an_expired_id_token_is_refused_and_creates_nothing() {
    refused_when_the_provider_issues("expired", "expired_token", "has expired").await;
}

#[tokio::test]
async fn an_id_token_with_another_nonce_is_refused_and_creates_nothing() {
    refused_when_the_provider_issues("bad-nonce", "bad_nonce", "belongs to another sign-in").await;
}

#[tokio::test]
async fn an_id_token_from_another_issuer_is_refused_and_creates_nothing() {
    refused_when_the_provider_issues("other-issuer", "wrong_issuer", "comes from another issuer")
        .await;
}

#[tokio::test]
async fn an_email_outside_the_allowed_domains_is_refused_and_creates_nothing() {
    let (app, _provider) = tenant_with_sso(true).await;
    let users_before = app.count_rows("users").await;
    let answer = app
        .sign_in_with_sso(
            &client(),
            "carol@staff.example",
            "mallory@elsewhere.example",
            true,
        )
        .await;
    assert_eq!(answer.status(), 403);
    assert!(answer
        .text()
        .await
        .unwrap()
        .contains("elsewhere.example may not sign in"));
    assert_eq!(app.count_rows("users").await, users_before);
    let trail = app.audit_trail().await;
    assert!(trail
        .iter()
        .any(|l| l.contains("domain_not_allowed") && l.contains("elsewhere.example")));
    // And the login page does not send an unknown domain anywhere.
    let direct = app
        .continue_with_sso(&client(), "mallory@elsewhere.example")
        .await;
    assert_eq!(direct.status(), 422);
    assert!(direct
        .text()
        .await
        .unwrap()
        .contains("Single sign-on is not set up"));
}

#[tokio::test]
async fn an_email_the_provider_has_not_verified_is_refused() {
    let (app, _provider) = tenant_with_sso(true).await;
    let answer = app
        .sign_in_with_sso(&client(), "dan@staff.example", "dan@staff.example", false)
        .await;
    assert_eq!(answer.status(), 403);
    assert!(find_user(&app, "dan@staff.example").await.is_none());
    assert!(app
        .audit_trail()
        .await
        .iter()
        .any(|l| l.contains("email_not_verified")));
}

#[tokio::test]
async fn a_callback_without_the_sign_in_it_belongs_to_is_refused() {
    let (app, provider) = tenant_with_sso(true).await;
    let browser = client();
    let started = app.continue_with_sso(&browser, "eve@staff.example").await;
    assert!(provider_url(started).await.starts_with(&provider.issuer));
    let forged = browser
        .get(app.url("/login/sso/callback?code=stolen&state=guessed"))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    assert!(forged
        .text()
        .await
        .unwrap()
        .contains("does not belong to this sign-in"));
    // The sign-in was used up by the forged answer: a replay finds nothing started.
    let replay = browser
        .get(app.url("/login/sso/callback?code=stolen&state=guessed"))
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), 403);
    let trail = app.audit_trail().await;
    assert!(trail.iter().any(|l| l.contains("state_mismatch")));
    assert!(trail.iter().any(|l| l.contains("not_started")));
}

#[tokio::test]
async fn the_password_form_sends_an_sso_email_without_a_password_to_the_provider_and_passwords_still_work(
) {
    let (app, provider) = tenant_with_sso(true).await;
    let browser = client();
    let email_only = app.post_login(&browser, "frank@staff.example", "").await;
    assert!(provider_url(email_only).await.starts_with(&provider.issuer));
    // A password user signs in exactly as before.
    let owner = app.post_login(&client(), "owner@acme.test", PASSWORD).await;
    assert_eq!(owner.status(), 303);
    assert_eq!(to(&owner), "/");
    // And a member at the SSO domain with a password may still use it (switch on).
    app.create_user(&app_tenant(&app).await, "gina@staff.example", Role::Viewer)
        .await;
    let gina = app
        .post_login(&client(), "gina@staff.example", PASSWORD)
        .await;
    assert_eq!(to(&gina), "/");
}

async fn app_tenant(app: &TestApp) -> inquiry_portal::entities::tenants::Model {
    repo::tenants::find_by_slug(&app.db.connection, "acme")
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn with_password_sign_in_off_members_must_use_the_provider_and_owners_keep_their_password() {
    let (app, provider) = tenant_with_sso(false).await;
    let tenant = app_tenant(&app).await;
    app.create_user(&tenant, "hugo@staff.example", Role::Issuer)
        .await;
    app.create_user(&tenant, "ines@contractor.example", Role::Viewer)
        .await;
    // At the SSO domain: to the provider, whatever the password.
    let hugo = app
        .post_login(&client(), "hugo@staff.example", PASSWORD)
        .await;
    assert!(provider_url(hugo).await.starts_with(&provider.issuer));
    // Elsewhere: the right password is refused, and said so only once it was right.
    let wrong = app
        .post_login(&client(), "ines@contractor.example", "not the password")
        .await;
    assert_eq!(wrong.status(), 401);
    let ines = app
        .post_login(&client(), "ines@contractor.example", PASSWORD)
        .await;
    assert_eq!(ines.status(), 403);
    assert!(ines.text().await.unwrap().contains("single sign-on only"));
    assert!(app
        .audit_trail()
        .await
        .iter()
        .any(|l| l.contains("password_sign_in_off")));
    // The owner keeps the password (a broken provider cannot lock the tenant out).
    let owner = app.post_login(&client(), "owner@acme.test", PASSWORD).await;
    assert_eq!(to(&owner), "/");
}

#[tokio::test]
async fn a_tenant_that_requires_a_second_factor_still_requires_it_after_single_sign_on() {
    let (app, _provider) = tenant_with_sso(true).await;
    let owner = client();
    app.login(&owner, "owner@acme.test").await;
    app.require_second_factor(&owner).await;
    let answer = app
        .sign_in_with_sso(&client(), "jo@staff.example", "jo@staff.example", true)
        .await;
    assert_eq!(answer.status(), 303);
    assert_eq!(to(&answer), "/account/security");
}

#[tokio::test]
async fn the_settings_check_the_issuer_by_discovery_and_never_show_the_secret() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let provider = IdentityProvider::start(&app).await;
    let owner = client();
    app.login(&owner, "owner@acme.test").await;
    let fields = |issuer: &'static str| {
        vec![
            ("issuer_url", issuer),
            ("client_id", "inquiry-portal"),
            ("client_secret", CLIENT_SECRET),
            ("allowed_domains", "staff.example"),
            ("default_role", "viewer"),
        ]
    };
    // Nothing listens there: a clear error on the issuer field, nothing saved.
    let unreachable = app
        .post_form(
            &owner,
            "/settings/sso",
            "/settings/sso",
            &fields("http://127.0.0.1:9/"),
        )
        .await;
    assert_eq!(unreachable.status(), 422);
    let page = unreachable.text().await.unwrap();
    assert!(page.contains("field-issuer_url-error"), "{page}");
    assert!(page.contains("could not be fetched"), "{page}");
    assert!(repo::sso::find(
        &app.db.connection,
        repo::TenantScope::new(app_tenant(&app).await.id)
    )
    .await
    .unwrap()
    .is_none());
    // A page that is not the provider's issuer: its discovery answers 404.
    let wrong_path = format!("{}/not-the-issuer", provider.issuer);
    let mut typed = fields("");
    typed[0].1 = &wrong_path;
    let wrong = app
        .post_form(&owner, "/settings/sso", "/settings/sso", &typed)
        .await;
    assert_eq!(wrong.status(), 422);
    assert!(wrong.text().await.unwrap().contains("check the issuer URL"));
    // Bad domains and a missing secret: each said next to its field.
    let bad = app
        .post_form(
            &owner,
            "/settings/sso",
            "/settings/sso",
            &[
                ("issuer_url", provider.issuer.as_str()),
                ("client_id", "inquiry-portal"),
                ("allowed_domains", "not a domain"),
                ("default_role", "operator"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    let page = bad.text().await.unwrap();
    for field in ["client_secret", "allowed_domains", "default_role"] {
        assert!(
            page.contains(&format!("field-{field}-error")),
            "{field}: {page}"
        );
    }

    let saved = app
        .configure_sso(&owner, &provider, "staff.example", "viewer", true)
        .await;
    assert_eq!(saved.status(), 303);
    let page = owner
        .get(app.url("/settings/sso"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(&provider.issuer));
    assert!(page.contains("/login/sso/callback"));
    assert!(
        !page.contains(CLIENT_SECRET),
        "the secret is never shown back"
    );
    let row = repo::sso::find(
        &app.db.connection,
        repo::TenantScope::new(app_tenant(&app).await.id),
    )
    .await
    .unwrap()
    .unwrap();
    assert!(
        !row.client_secret.contains(CLIENT_SECRET),
        "stored encrypted"
    );
    // Saving again without a secret keeps the stored one, and sign-in still works.
    let resaved = app
        .post_form(
            &owner,
            "/settings/sso",
            "/settings/sso",
            &[
                ("issuer_url", provider.issuer.as_str()),
                ("client_id", "inquiry-portal"),
                ("client_secret", ""),
                ("allowed_domains", "staff.example"),
                ("default_role", "viewer"),
            ],
        )
        .await;
    assert_eq!(resaved.status(), 303);
    let signed_in = app
        .sign_in_with_sso(&client(), "kim@staff.example", "kim@staff.example", true)
        .await;
    assert_eq!(to(&signed_in), "/");
    assert_eq!(
        find_user(&app, "kim@staff.example").await.unwrap().role,
        Role::Viewer
    );
    assert!(!app
        .audit_trail()
        .await
        .iter()
        .any(|l| l.contains(CLIENT_SECRET)));
}

#[tokio::test]
async fn an_http_or_private_issuer_is_refused_unless_the_operator_allows_it() {
    let app = spawn_app_with(|settings| settings.oidc_allow_private = false).await;
    app.create_tenant("acme", "owner@acme.test").await;
    let provider = IdentityProvider::start(&app).await;
    let owner = client();
    app.login(&owner, "owner@acme.test").await;
    let http = app
        .configure_sso(&owner, &provider, "staff.example", "viewer", true)
        .await;
    assert_eq!(http.status(), 422);
    assert!(http
        .text()
        .await
        .unwrap()
        .contains("must start with https://"));
    let loopback_https = app
        .post_form(
            &owner,
            "/settings/sso",
            "/settings/sso",
            &[
                ("issuer_url", "https://127.0.0.1:9"),
                ("client_id", "inquiry-portal"),
                ("client_secret", CLIENT_SECRET),
                ("allowed_domains", "staff.example"),
                ("default_role", "viewer"),
            ],
        )
        .await;
    assert_eq!(loopback_https.status(), 422);
    assert!(loopback_https
        .text()
        .await
        .unwrap()
        .contains("not a public address"));
}

#[tokio::test]
async fn a_domain_belongs_to_one_tenant_and_only_owners_see_the_settings() {
    let (app, provider) = tenant_with_sso(true).await;
    let (other, _) = app.create_tenant("globex", "owner@globex.test").await;
    let globex = client();
    app.login(&globex, "owner@globex.test").await;
    let taken = app
        .configure_sso(&globex, &provider, "staff.example", "viewer", true)
        .await;
    assert_eq!(taken.status(), 422);
    assert!(taken
        .text()
        .await
        .unwrap()
        .contains("already signs in with staff.example"));
    app.create_user(&other, "viewer@globex.test", Role::Viewer)
        .await;
    let viewer = client();
    app.login(&viewer, "viewer@globex.test").await;
    let page = viewer.get(app.url("/settings/sso")).send().await.unwrap();
    assert_eq!(page.status(), 403);
}
