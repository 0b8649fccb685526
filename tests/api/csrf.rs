use inquiry_portal::domain::Role;

use crate::support::{
    bare_client, client, csrf_token, login_for_cookie, spawn_app, spawn_app_with,
    status_with_cookie, PASSWORD,
};

/// What the users form writes: an invitation.
async fn invitation_count(app: &crate::support::TestApp) -> i64 {
    app.count_rows("invitations").await
}

#[tokio::test]
async fn a_form_without_a_csrf_token_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    let before = invitation_count(&app).await;
    let response = http
        .post(app.url("/users"))
        .form(&[("email", "new@acme.test"), ("role", "issuer")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(invitation_count(&app).await, before);
}

#[tokio::test]
async fn a_form_with_a_wrong_csrf_token_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    let before = invitation_count(&app).await;
    let response = http
        .post(app.url("/users"))
        .form(&[
            ("email", "new@acme.test"),
            ("role", "issuer"),
            ("csrf_token", "forged-token-value-forged-token-value"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(invitation_count(&app).await, before);
}

#[tokio::test]
async fn a_token_from_another_session_is_refused() {
    let app = spawn_app().await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    app.create_user(&tenant, "other@acme.test", Role::Owner)
        .await;
    let attacker = client();
    app.login(&attacker, "other@acme.test").await;
    let attacker_token = app.csrf_from(&attacker, "/users").await;
    let victim = client();
    app.login(&victim, "owner@acme.test").await;
    let before = invitation_count(&app).await;
    let response = victim
        .post(app.url("/users"))
        .form(&[
            ("email", "new@acme.test"),
            ("role", "issuer"),
            ("csrf_token", attacker_token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(invitation_count(&app).await, before);
}

#[tokio::test]
async fn a_cross_site_request_is_refused_even_with_a_valid_token() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    let token = app.csrf_from(&http, "/users").await;
    let before = invitation_count(&app).await;
    let response = http
        .post(app.url("/users"))
        .header("sec-fetch-site", "cross-site")
        .form(&[
            ("email", "new@acme.test"),
            ("role", "issuer"),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(invitation_count(&app).await, before);
}

#[tokio::test]
async fn a_form_with_a_valid_token_succeeds() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    let before = invitation_count(&app).await;
    let response = app
        .post_form(
            &http,
            "/users",
            "/users",
            &[("email", "new@acme.test"), ("role", "issuer")],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(invitation_count(&app).await, before + 1);
}

#[tokio::test]
async fn login_without_a_csrf_token_is_refused() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let response = client()
        .post(app.url("/login"))
        .form(&[("email", "owner@acme.test"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn logout_without_a_csrf_token_keeps_the_session() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    let response = http
        .post(app.url("/logout"))
        .form(&[("x", "y")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(http.get(app.url("/")).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn browsing_every_page_changes_no_rows() {
    let app = spawn_app().await;
    app.create_operator("ops@portal.test").await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    app.create_user(&tenant, "viewer@acme.test", Role::Viewer)
        .await;
    let owner = client();
    app.login(&owner, "owner@acme.test").await;
    let operator = client();
    app.login(&operator, "ops@portal.test").await;
    let tables = ["tenants", "users", "audit_events", "login_locks"];
    let mut before = Vec::new();
    for table in tables {
        before.push(app.count_rows(table).await);
    }
    for path in [
        "/",
        "/users",
        "/account",
        "/login",
        "/logout",
        "/healthz",
        "/readyz",
        "/static/app.css",
    ] {
        owner.get(app.url(path)).send().await.unwrap();
    }
    for path in ["/operator", "/operator/tenants", "/account"] {
        operator.get(app.url(path)).send().await.unwrap();
    }
    let mut after = Vec::new();
    for table in tables {
        after.push(app.count_rows(table).await);
    }
    assert_eq!(before, after);
}

#[tokio::test]
async fn a_planted_login_cookie_cannot_authorize_a_signed_in_form() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let session = login_for_cookie(&app, "owner@acme.test").await;
    // What a sibling subdomain or a network attacker on plain HTTP can plant.
    let planted = "planted-token-planted-token-planted";
    let cookies = format!("{session}; portal_login_csrf={planted}");
    let before = app.count_rows("api_keys").await;
    let create = bare_client()
        .post(app.url("/api-keys"))
        .header("cookie", &cookies)
        .form(&[("name", "Attacker's key"), ("csrf_token", planted)])
        .send()
        .await
        .unwrap();
    assert_eq!(create.status(), 403, "only the session's own token counts");
    assert_eq!(app.count_rows("api_keys").await, before);
    let logout = bare_client()
        .post(app.url("/logout"))
        .header("cookie", &cookies)
        .form(&[("csrf_token", planted)])
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), 403);
    assert_eq!(status_with_cookie(&app, &session, "/").await, 200);
}

#[tokio::test]
async fn behind_https_the_login_cookie_is_host_prefixed_and_secure() {
    let app =
        spawn_app_with(|settings| settings.public_url = "https://portal.example".into()).await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = bare_client();
    let page = http.get(app.url("/login")).send().await.unwrap();
    let set_cookie = page
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|v| v.contains("login_csrf="))
        .expect("the login page sets its CSRF cookie");
    assert!(
        set_cookie.starts_with("__Host-portal_login_csrf="),
        "{set_cookie}"
    );
    for flag in ["Secure", "HttpOnly", "Path=/", "SameSite=Strict"] {
        assert!(set_cookie.contains(flag), "{flag} missing: {set_cookie}");
    }
    assert!(
        !set_cookie.to_lowercase().contains("domain="),
        "{set_cookie}"
    );
    let pair = set_cookie.split(';').next().unwrap().to_owned();
    let token = csrf_token(&page.text().await.unwrap());
    let form = [
        ("email", "owner@acme.test"),
        ("password", PASSWORD),
        ("csrf_token", token.as_str()),
    ];
    // The same value under the unprefixed name (which anyone can set) is not enough.
    let unprefixed = http
        .post(app.url("/login"))
        .header("cookie", format!("portal_login_csrf={token}"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(unprefixed.status(), 403);
    let login = http
        .post(app.url("/login"))
        .header("cookie", &pair)
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 303);
    let session = login
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|v| v.contains("portal_session="))
        .expect("the login sets the session cookie");
    assert!(session.starts_with("__Host-portal_session="), "{session}");
    for flag in ["Secure", "HttpOnly", "Path=/", "SameSite=Lax"] {
        assert!(session.contains(flag), "{flag} missing: {session}");
    }
    assert!(!session.to_lowercase().contains("domain="), "{session}");
    assert!(session.len() <= 4096, "the session cookie is small");
}
