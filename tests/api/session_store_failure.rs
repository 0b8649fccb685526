//! When the session store fails, only the pages that need a session fail, with the
//! portal's error page and headers; probes, end-user links and the API carry on. A
//! database that went away is a 503 to retry, not a 500.

use sea_orm::ConnectionTrait;
use serde_json::json;

use crate::support::{client, links::click_and_continue, spawn_app, TestApp};

/// Makes every session load and save fail, as a broken store would.
async fn break_session_store(app: &TestApp) {
    app.db
        .connection
        .execute_unprepared("DROP TABLE sessions")
        .await
        .expect("drop the sessions table");
}

fn assert_security_headers(response: &reqwest::Response) {
    let headers = response.headers();
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "no-referrer");
}

#[tokio::test]
async fn with_the_session_store_broken_probes_links_and_the_api_still_answer() {
    let app = spawn_app().await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let template = app.connect_demo_template(&tenant).await;
    let key = app.api_key(&tenant).await;
    let link = app
        .issue_dedicated(&key, &template.provider_template_id, json!({}))
        .await;
    // A browser that is signed in to the portal, so it sends a session cookie everywhere.
    let http = client();
    app.login(&http, "owner@acme.test").await;
    break_session_store(&app).await;
    for path in ["/healthz", "/readyz", "/metrics"] {
        let response = http.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
    }
    let (status, location) = click_and_continue(&http, link["url"].as_str().unwrap()).await;
    assert_eq!(status, 303, "the link still opens the flow: {location}");
    let api = http
        .get(app.url("/api/v1/links"))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 200);
}

#[tokio::test]
async fn with_the_session_store_broken_an_admin_page_is_an_error_page_with_its_headers() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    break_session_store(&app).await;
    let response = http.get(app.url("/")).send().await.unwrap();
    assert_eq!(response.status(), 503);
    assert!(response.headers().contains_key("retry-after"));
    assert_security_headers(&response);
    let body = response.text().await.unwrap();
    assert!(
        body.contains("<html"),
        "an error page, not an empty body: {body:?}"
    );
    for internal in ["sessions", "sqlx", "no such table", "relation"] {
        assert!(
            !body.to_lowercase().contains(internal),
            "{internal}: {body}"
        );
    }
}

#[tokio::test]
async fn with_the_database_pool_closed_requests_get_503_with_retry_after() {
    let app = spawn_app().await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let key = app.api_key(&tenant).await;
    app.db.connection.clone().close().await.unwrap();
    let api = reqwest::Client::new()
        .get(app.url("/api/v1/links"))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 503);
    assert!(api.headers().contains_key("retry-after"));
    let body: serde_json::Value = api.json().await.unwrap();
    assert_eq!(body["error"]["type"], "service_unavailable", "{body}");
    let login = app
        .post_login(&client(), "owner@acme.test", "not the password")
        .await;
    assert_eq!(login.status(), 503);
    assert!(login.headers().contains_key("retry-after"));
    assert_security_headers(&login);
}
