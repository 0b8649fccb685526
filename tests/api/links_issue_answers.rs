//! How issuing answers when the provider is slow or busy.

use serde_json::json;

use crate::support::{client, spawn_app, TestApp};

async fn tenant_with_template(app: &TestApp, slug: &str) -> (String, String) {
    let (tenant, _) = app.create_tenant(slug, &format!("owner@{slug}.test")).await;
    let template = app.connect_demo_template(&tenant).await;
    (app.api_key(&tenant).await, template.provider_template_id)
}

fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

#[tokio::test]
async fn a_slow_provider_does_not_shorten_the_life_of_the_link() {
    let app = spawn_app().await;
    let (key, template) = tenant_with_template(&app, "acme").await;
    app.sandbox_faults(&json!({"latency_ms": 2500})).await;
    let asked_at = unix_now();
    let (status, link) = app
        .api_post(
            &key,
            "/api/v1/links",
            &json!({"kind": "dedicated", "template_id": template, "expires_in_seconds": 3600}),
        )
        .await;
    assert_eq!(status, 201, "{link}");
    let expires_at = chrono::DateTime::parse_from_rfc3339(link["expires_at"].as_str().unwrap())
        .unwrap()
        .timestamp();
    // The provider took 2.5 s to answer: the hour starts when it did, not when we asked.
    assert!(
        expires_at >= asked_at + 2 + 3600,
        "the link expires {} s after it was asked for",
        expires_at - asked_at
    );
}

#[tokio::test]
async fn a_busy_provider_is_named_as_such_in_the_api_with_retry_after() {
    let app = spawn_app().await;
    let (key, template) = tenant_with_template(&app, "acme").await;
    app.sandbox_faults(&json!({"rate_limit_next": 20})).await;
    let response = reqwest::Client::new()
        .post(app.url("/api/v1/links"))
        .bearer_auth(&key)
        .json(&json!({"kind": "dedicated", "template_id": template}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    let retry_after: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry_after >= 1);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["type"], "provider_busy", "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("The verification provider is busy; try again in "),
        "{message}"
    );
    assert!(!message.contains("attempts"), "{message}");
    assert_eq!(app.count_rows("links").await, 0);
}

#[tokio::test]
async fn a_busy_provider_is_named_as_such_on_the_new_link_page() {
    let app = spawn_app().await;
    let (tenant, owner) = app.create_tenant("acme", "owner@acme.test").await;
    let template = app.connect_demo_template(&tenant).await;
    let browser = client();
    app.login(&browser, &owner.email).await;
    app.sandbox_faults(&json!({"rate_limit_next": 20})).await;
    let response = app
        .post_form(
            &browser,
            "/links/new?kind=dedicated",
            "/links",
            &[
                ("kind", "dedicated"),
                ("template_id", &template.provider_template_id),
                ("lifetime", "86400"),
                ("resume_on_click", "same_browser"),
            ],
        )
        .await;
    assert_eq!(response.status(), 429);
    assert!(response.headers().contains_key("retry-after"));
    let page = response.text().await.unwrap();
    assert!(
        page.contains("The verification provider is busy; try again in "),
        "{page}"
    );
    assert!(!page.contains("too many attempts"), "{page}");
    assert_eq!(app.count_rows("links").await, 0);
}
