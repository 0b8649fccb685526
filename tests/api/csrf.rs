use inquiry_portal::domain::Role;

use crate::support::{client, spawn_app, PASSWORD};

async fn user_count(app: &crate::support::TestApp) -> i64 {
    app.count_rows("users").await
}

#[tokio::test]
async fn a_form_without_a_csrf_token_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    let before = user_count(&app).await;
    let response = http
        .post(app.url("/users"))
        .form(&[
            ("email", "new@acme.test"),
            ("role", "issuer"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(user_count(&app).await, before);
}

#[tokio::test]
async fn a_form_with_a_wrong_csrf_token_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    let before = user_count(&app).await;
    let response = http
        .post(app.url("/users"))
        .form(&[
            ("email", "new@acme.test"),
            ("role", "issuer"),
            ("password", PASSWORD),
            ("csrf_token", "forged-token-value-forged-token-value"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(user_count(&app).await, before);
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
    let before = user_count(&app).await;
    let response = victim
        .post(app.url("/users"))
        .form(&[
            ("email", "new@acme.test"),
            ("role", "issuer"),
            ("password", PASSWORD),
            ("csrf_token", attacker_token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(user_count(&app).await, before);
}

#[tokio::test]
async fn a_cross_site_request_is_refused_even_with_a_valid_token() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    let token = app.csrf_from(&http, "/users").await;
    let before = user_count(&app).await;
    let response = http
        .post(app.url("/users"))
        .header("sec-fetch-site", "cross-site")
        .form(&[
            ("email", "new@acme.test"),
            ("role", "issuer"),
            ("password", PASSWORD),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(user_count(&app).await, before);
}

#[tokio::test]
async fn a_form_with_a_valid_token_succeeds() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    let before = user_count(&app).await;
    let response = app
        .post_form(
            &http,
            "/users",
            "/users",
            &[
                ("email", "new@acme.test"),
                ("role", "issuer"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(user_count(&app).await, before + 1);
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
