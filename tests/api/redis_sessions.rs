//! Sessions in Redis (`REDIS_URL`). Runs when `TEST_REDIS_URL` is set, as in CI; without
//! it the database store is what every other test exercises.

use crate::support::{
    bare_client, client, csrf_token, login_for_cookie, spawn_app_with, status_with_cookie, TestApp,
};

fn redis_url() -> Option<String> {
    std::env::var("TEST_REDIS_URL")
        .ok()
        .filter(|v| !v.is_empty())
}

async fn spawn_with_redis() -> Option<TestApp> {
    let Some(url) = redis_url() else {
        eprintln!("TEST_REDIS_URL is not set: Redis session tests not run");
        return None;
    };
    Some(spawn_app_with(|settings| settings.redis_url = Some(url)).await)
}

#[tokio::test]
async fn with_redis_a_login_works_and_no_session_row_is_written() {
    let Some(app) = spawn_with_redis().await else {
        return;
    };
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    assert_eq!(http.get(app.url("/")).send().await.unwrap().status(), 200);
    assert_eq!(
        app.count_rows("sessions").await,
        0,
        "sessions live in Redis"
    );
}

#[tokio::test]
async fn with_redis_a_cookie_copied_before_logout_no_longer_authenticates() {
    let Some(app) = spawn_with_redis().await else {
        return;
    };
    app.create_tenant("acme", "owner@acme.test").await;
    let cookie = login_for_cookie(&app, "owner@acme.test").await;
    let dashboard = bare_client()
        .get(app.url("/"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let logout = bare_client()
        .post(app.url("/logout"))
        .header("cookie", &cookie)
        .form(&[("csrf_token", csrf_token(&dashboard))])
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), 303);
    assert_eq!(status_with_cookie(&app, &cookie, "/").await, 303);
}
