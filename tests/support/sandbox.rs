//! Helpers for driving the embedded sandbox provider over HTTP, as the portal and an end
//! user's browser do: API calls with the test key, and the hosted flow step by step.

use inquiry_portal::sandbox::{ensure_demo_template, DemoTemplate};
use serde_json::{json, Value};

use super::{client, csrf_token, TestApp};

pub const KEY: &str = "sbx_test_key";

pub fn api_url(app: &TestApp, path: &str) -> String {
    app.url(&format!("/sandbox/api/v1{path}"))
}

pub async fn demo(app: &TestApp) -> DemoTemplate {
    ensure_demo_template(&app.db)
        .await
        .expect("seed the demo template")
}

pub async fn post(app: &TestApp, path: &str, body: Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(api_url(app, path))
        .bearer_auth(KEY)
        .json(&body)
        .send()
        .await
        .expect("POST to the sandbox API")
}

pub async fn post_empty(app: &TestApp, path: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(api_url(app, path))
        .bearer_auth(KEY)
        .send()
        .await
        .expect("POST to the sandbox API")
}

pub async fn get(app: &TestApp, path: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(api_url(app, path))
        .bearer_auth(KEY)
        .send()
        .await
        .expect("GET from the sandbox API")
}

pub async fn json_of(response: reqwest::Response) -> Value {
    response.json().await.expect("a JSON body")
}

/// A create body for the demo template with the given attributes and meta merged in.
pub fn create_body(template_id: &str, attributes: Value, meta: Value) -> Value {
    let mut body = json!({
        "data": {"attributes": {"inquiry-template-id": template_id}},
        "meta": meta,
    });
    if let (Some(target), Some(extra)) = (
        body["data"]["attributes"].as_object_mut(),
        attributes.as_object(),
    ) {
        for (name, value) in extra {
            target.insert(name.clone(), value.clone());
        }
    }
    body
}

/// Creates an inquiry and returns its JSON document (asserting 201).
pub async fn create_inquiry(app: &TestApp, attributes: Value, meta: Value) -> Value {
    let template = demo(app).await;
    let response = post(
        app,
        "/inquiries",
        create_body(&template.template_id, attributes, meta),
    )
    .await;
    assert_eq!(response.status(), 201, "create should answer 201");
    json_of(response).await
}

pub fn inquiry_id(document: &Value) -> String {
    document["data"]["id"].as_str().expect("data.id").to_owned()
}

pub async fn status_of(app: &TestApp, inquiry_id: &str) -> String {
    let document = json_of(get(app, &format!("/inquiries/{inquiry_id}")).await).await;
    document["data"]["attributes"]["status"]
        .as_str()
        .expect("status")
        .to_owned()
}

pub fn location(response: &reqwest::Response) -> String {
    super::location_header(response).expect("a Location header")
}

/// Publishes a new version of `template_id` on the operator's sandbox page, as `operator`
/// (a signed-in client).
pub async fn publish_new_version(
    app: &TestApp,
    operator: &reqwest::Client,
    template_id: &str,
) -> reqwest::Response {
    app.post_form(
        operator,
        "/operator/sandbox",
        &format!("/operator/sandbox/templates/{template_id}/versions"),
        &[],
    )
    .await
}

/// The same as [`TestApp::sandbox_faults`], for tests written in the free-function style.
pub async fn set_faults(app: &TestApp, faults: Value) {
    app.sandbox_faults(&faults).await;
}

/// The same as [`TestApp::sandbox_stats`].
pub async fn stats(app: &TestApp) -> Value {
    app.sandbox_stats().await
}

/// Drives a browser through the flow of a created inquiry up to the document step;
/// returns the document step's page.
pub async fn start_flow(app: &TestApp, browser: &reqwest::Client, inquiry_id: &str) -> String {
    let details = browser
        .get(app.url(&format!("/sandbox/verify?inquiry-id={inquiry_id}")))
        .send()
        .await
        .expect("open the flow");
    assert_eq!(
        details.status(),
        200,
        "a created inquiry opens without a token"
    );
    let token = csrf_token(&details.text().await.expect("details page"));
    let started = browser
        .post(app.url(&format!("/sandbox/verify/{inquiry_id}/details")))
        .form(&[
            ("csrf_token", token.as_str()),
            ("name-first", "Ana"),
            ("name-last", "Lima"),
            ("birthdate", "1990-01-31"),
        ])
        .send()
        .await
        .expect("confirm details");
    assert_eq!(started.status(), 303, "confirming details redirects");
    let document_step = browser
        .get(app.url(&location(&started)))
        .send()
        .await
        .expect("document step");
    assert_eq!(
        document_step.status(),
        200,
        "the browser that started continues"
    );
    document_step.text().await.expect("document page")
}

/// Finishes a started flow with `outcome` (`pass` or `fail`); returns the final redirect.
pub async fn finish_flow(
    app: &TestApp,
    browser: &reqwest::Client,
    inquiry_id: &str,
    document_page: &str,
    outcome: &str,
) -> reqwest::Response {
    let token = csrf_token(document_page);
    browser
        .post(app.url(&format!("/sandbox/verify/{inquiry_id}/document")))
        .form(&[("csrf_token", token.as_str()), ("outcome", outcome)])
        .send()
        .await
        .expect("submit the document step")
}

/// Runs the whole hosted flow for a created inquiry in a fresh browser.
pub async fn complete_flow(app: &TestApp, inquiry_id: &str, outcome: &str) -> reqwest::Response {
    let browser = client();
    let page = start_flow(app, &browser, inquiry_id).await;
    let done = finish_flow(app, &browser, inquiry_id, &page, outcome).await;
    assert_eq!(done.status(), 303, "finishing redirects");
    done
}
