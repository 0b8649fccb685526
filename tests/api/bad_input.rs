use crate::support::{client, spawn_app};

#[tokio::test]
async fn an_over_long_login_field_gets_a_4xx_not_a_500() {
    let app = spawn_app().await;
    let http = client();
    let long = "a".repeat(5000);
    let response = app
        .post_login(&http, &format!("{long}@acme.test"), &long)
        .await;
    assert_eq!(response.status(), 400);
}

#[tokio::test]
async fn a_body_over_the_limit_gets_a_413() {
    let app = spawn_app().await;
    let http = client();
    let token = app.csrf_from(&http, "/login").await;
    let huge = "a".repeat(200 * 1024);
    let response = http
        .post(app.url("/login"))
        .form(&[
            ("email", huge.as_str()),
            ("password", "x"),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
}

#[tokio::test]
async fn a_non_utf8_form_field_gets_a_4xx_not_a_500() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    let token = app.csrf_from(&http, "/login").await;
    let body = format!("email=%FF%FE%FD&password=%C3%28%A0&csrf_token={token}");
    let response = http
        .post(app.url("/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_client_error(), "{}", response.status());
}

#[tokio::test]
async fn a_form_sent_as_json_gets_a_4xx() {
    let app = spawn_app().await;
    let response = client()
        .post(app.url("/login"))
        .header("content-type", "application/json")
        .body(r#"{"email":"a@b.c","password":"x"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
}

#[tokio::test]
async fn a_new_user_with_bad_fields_is_shown_again_with_messages_and_the_input_kept() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    let before = app.count_rows("users").await;
    let response = app
        .post_form(
            &http,
            "/users",
            "/users",
            &[("email", "not-an-email"), ("role", "nobody")],
        )
        .await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(body.contains("value=\"not-an-email\""), "input kept");
    assert!(body.contains("Enter an email address like name@example.com."));
    assert!(body.contains("Choose a role: owner, issuer or viewer."));
    assert_eq!(app.count_rows("users").await, before);
    assert_eq!(app.count_rows("invitations").await, 0, "nobody was invited");
}

#[tokio::test]
async fn an_unknown_role_is_refused() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    let before = app.count_rows("users").await;
    let response = app
        .post_form(
            &http,
            "/users",
            "/users",
            &[("email", "new@acme.test"), ("role", "operator")],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(app.count_rows("users").await, before);
    assert_eq!(app.count_rows("invitations").await, 0, "nobody was invited");
}

#[tokio::test]
async fn html_in_user_input_is_escaped() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    let response = app
        .post_form(
            &http,
            "/users",
            "/users",
            &[("email", "<script>alert(1)</script>"), ("role", "issuer")],
        )
        .await;
    let body = response.text().await.unwrap();
    assert!(!body.contains("<script>alert(1)</script>"));
    assert!(body.contains("&lt;script&gt;"));
}
