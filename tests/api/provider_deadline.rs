//! A person waits for the provider at most `PORTAL_PROVIDER_DEADLINE_SECONDS` per request,
//! retries and several provider calls included (DESIGN 13.1): past it a clear 503 with
//! `Retry-After`, and the retry with the same key finds the same inquiry. The sandbox's
//! latency injection plays the slow provider.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::support::{
    eventually,
    links::browser,
    spawn_app_with,
    visitor::{open_link, Opened},
    TestApp,
};

const DEADLINE: Duration = Duration::from_secs(2);
/// Slower than the deadline, twice over: a request that made two provider calls one after
/// the other, each with a deadline of its own, would take twice the deadline.
const LATENCY_MS: u64 = 5_000;
/// What "within the deadline" allows for the rest of the request's work.
const SLACK: Duration = Duration::from_millis(1_200);

async fn app_with_deadline() -> TestApp {
    spawn_app_with(|settings| settings.provider_deadline = DEADLINE).await
}

/// A tenant with the demo template; its API key and provider template id.
async fn tenant(app: &TestApp) -> (String, String) {
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let template = app.connect_demo_template(&tenant).await;
    (app.api_key(&tenant).await, template.provider_template_id)
}

async fn slow_provider(app: &TestApp) {
    app.sandbox_faults(&json!({ "latency_ms": LATENCY_MS }))
        .await;
}

async fn provider_recovers(app: &TestApp) {
    app.sandbox_faults(&json!({ "latency_ms": 0 })).await;
}

/// POSTs to the tenant API with an `Idempotency-Key`; the status, `Retry-After` and JSON.
async fn post_with_key(
    app: &TestApp,
    key: &str,
    path: &str,
    idempotency_key: &str,
    body: &Value,
) -> (u16, Option<u64>, Value) {
    let response = reqwest::Client::new()
        .post(app.url(path))
        .bearer_auth(key)
        .header("idempotency-key", idempotency_key)
        .json(body)
        .send()
        .await
        .expect("API POST");
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    (
        status,
        retry_after,
        response.json().await.unwrap_or(Value::Null),
    )
}

fn assert_in_time(started: Instant) {
    let took = started.elapsed();
    assert!(
        took < DEADLINE + SLACK,
        "answered after {took:?}, the deadline is {DEADLINE:?}"
    );
}

fn assert_retry_soon(retry_after: Option<u64>) {
    let seconds = retry_after.expect("a Retry-After header");
    assert!((1..=30).contains(&seconds), "Retry-After {seconds}");
}

#[tokio::test]
async fn issuing_past_the_deadline_is_a_503_in_time_and_the_retry_with_the_same_key_makes_one_inquiry(
) {
    let app = app_with_deadline().await;
    let (key, template) = tenant(&app).await;
    let body = json!({"kind": "dedicated", "template_id": template, "reference_id": "cust-1"});
    slow_provider(&app).await;

    let started = Instant::now();
    let (status, retry_after, answer) =
        post_with_key(&app, &key, "/api/v1/links", "order-1", &body).await;

    assert_eq!(status, 503, "{answer}");
    assert_in_time(started);
    assert_retry_soon(retry_after);
    assert_eq!(answer["error"]["type"], "service_unavailable", "{answer}");
    assert_eq!(app.count_rows("links").await, 0, "nothing half-made");

    provider_recovers(&app).await;
    let (status, _, link) = post_with_key(&app, &key, "/api/v1/links", "order-1", &body).await;
    assert_eq!(status, 201, "{link}");
    let inquiry = link["inquiry_id"].as_str().unwrap().to_owned();
    // The first attempt may still reach the provider, late: with the same key it finds
    // the inquiry the retry made instead of making a second one.
    let one_inquiry = || async {
        let listed: Value = reqwest::Client::new()
            .get(app.url("/sandbox/api/v1/inquiries?filter[reference-id]=cust-1"))
            .bearer_auth(&app.settings.sandbox_api_key)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let ids: Vec<&str> = listed["data"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|i| i["id"].as_str())
            .collect();
        assert_eq!(ids, vec![inquiry.as_str()], "one inquiry at the provider");
        started.elapsed() > Duration::from_millis(LATENCY_MS) + SLACK
    };
    assert!(eventually(Duration::from_secs(15), one_inquiry).await);
    assert_eq!(app.count_rows("links").await, 1);
    assert_eq!(app.count_rows("inquiries").await, 1);
}

#[tokio::test]
async fn a_session_token_that_needs_two_provider_calls_still_answers_within_one_deadline() {
    let app = app_with_deadline().await;
    let (key, template) = tenant(&app).await;
    let link = app.issue_dedicated(&key, &template, json!({})).await;
    let inquiry = link["inquiry_id"].as_str().unwrap().to_owned();
    slow_provider(&app).await;

    // The version check before the resume, then the resume: two calls, one deadline.
    let started = Instant::now();
    let (status, retry_after, answer) = post_with_key(
        &app,
        &key,
        &format!("/api/v1/inquiries/{inquiry}/session-token"),
        "token-1",
        &json!({}),
    )
    .await;

    assert_eq!(status, 503, "{answer}");
    assert_in_time(started);
    assert_retry_soon(retry_after);
}

#[tokio::test]
async fn a_person_whose_visit_outlasts_the_deadline_gets_a_clear_503_page_in_time() {
    let app = app_with_deadline().await;
    let (key, template) = tenant(&app).await;
    let (_, link) = app
        .api_post(
            &key,
            "/api/v1/links",
            &json!({"kind": "static", "template_id": template}),
        )
        .await;
    let url = link["url"].as_str().unwrap().to_owned();
    slow_provider(&app).await;
    let person = browser();

    let started = Instant::now();
    let opened: Opened = open_link(&person, &url).await;

    assert_eq!(opened.status, 503, "{}", opened.body);
    assert_in_time(started);
    assert_retry_soon(opened.retry_after);
    assert!(
        opened
            .body
            .contains("Verification is temporarily unavailable"),
        "{}",
        opened.body
    );
    provider_recovers(&app).await;
    let again = open_link(&person, &url).await;
    assert_eq!(
        again.status, 303,
        "the same link works again: {}",
        again.body
    );
}

#[tokio::test]
async fn an_issuer_whose_form_outlasts_the_deadline_gets_the_form_back_with_a_503_in_time() {
    let app = app_with_deadline().await;
    let (_, template) = tenant(&app).await;
    let issuer = crate::support::client();
    app.login(&issuer, "owner@acme.test").await;
    slow_provider(&app).await;

    // The deadline is the POST's: the form page is fetched (for its token) before the clock
    // starts, so a slow machine loading the form does not count against it.
    let token = app.csrf_from(&issuer, "/links/new?kind=dedicated").await;
    let started = Instant::now();
    let response = issuer
        .post(app.url("/links"))
        .form(&[
            ("kind", "dedicated"),
            ("template_id", template.as_str()),
            ("lifetime", "86400"),
            ("resume_on_click", "same_browser"),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 503);
    assert_in_time(started);
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    assert_retry_soon(retry_after);
    let page = response.text().await.unwrap();
    assert!(page.contains("Nothing was saved here yet"), "{page}");
    assert_eq!(app.count_rows("links").await, 0);
}
