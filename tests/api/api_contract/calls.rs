//! The requests the answer checks send, and what they saw.

use std::collections::{BTreeMap, BTreeSet};

use reqwest::Method;
use serde_json::{json, Value};

use crate::support::TestApp;

/// What the requests produced: (method, path template) → statuses seen.
#[derive(Default)]
pub struct Produced(pub BTreeMap<(String, String), BTreeSet<u16>>);

pub struct Call<'a> {
    pub method: &'a str,
    pub template: &'a str,
    /// The id that replaces `{id}`.
    pub id: &'a str,
    pub key: Option<&'a str>,
    pub body: Option<String>,
    pub idempotency_key: Option<&'a str>,
    pub query: &'a str,
}

impl<'a> Call<'a> {
    pub fn new(method: &'a str, template: &'a str, id: &'a str, key: &'a str) -> Self {
        Call {
            method,
            template,
            id,
            key: Some(key),
            body: None,
            idempotency_key: None,
            query: "",
        }
    }
}

impl Produced {
    /// Sends `call`, records its status and checks `Retry-After` on 429 and 503.
    pub async fn send(&mut self, app: &TestApp, call: Call<'_>) -> (u16, Value) {
        let path = call.template.replace("{id}", call.id);
        let method = Method::from_bytes(call.method.to_uppercase().as_bytes()).unwrap();
        let mut request =
            reqwest::Client::new().request(method, app.url(&format!("{path}{}", call.query)));
        if let Some(key) = call.key {
            request = request.bearer_auth(key);
        }
        if let Some(key) = call.idempotency_key {
            request = request.header("Idempotency-Key", key);
        }
        if let Some(body) = call.body {
            request = request
                .header("content-type", "application/json")
                .body(body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        if matches!(status, 429 | 503) {
            assert!(
                response.headers().contains_key("retry-after"),
                "{path}: {status} without Retry-After"
            );
        }
        let answer: Value = response.json().await.unwrap_or(Value::Null);
        if status >= 400 {
            assert!(
                answer["error"]["type"].is_string(),
                "{path}: {status} {answer}"
            );
        }
        self.0
            .entry((call.method.to_owned(), call.template.to_owned()))
            .or_default()
            .insert(status);
        (status, answer)
    }
}

pub fn has_body(document: &Value, method: &str, path: &str) -> bool {
    document["paths"][path][method].get("requestBody").is_some()
}

/// A body each operation with one accepts.
pub fn good_body(path: &str, template: &str) -> String {
    if path == "/api/v1/links" {
        json!({"kind": "dedicated", "template_id": template}).to_string()
    } else if path == "/api/v1/links/batch" {
        json!({"links": [{"kind": "dedicated", "template_id": template}]}).to_string()
    } else if path.ends_with("/send") {
        json!({"email": "person@example.com"}).to_string()
    } else if path == "/api/v1/webhook-endpoints" {
        json!({"url": "https://hooks.example/portal", "events": ["link.issued"]}).to_string()
    } else if path.ends_with("/replay-failed") {
        json!({"since": "2026-01-01T00:00:00Z"}).to_string()
    } else {
        json!({"expires_in_seconds": 3600}).to_string()
    }
}
