//! The API's OpenAPI description against the API itself (issue 13, item 9): every route is
//! described, the shared answers and the bounds are stated, and every documented answer
//! can be produced.

mod answers;
mod batch_answers;
mod calls;
mod description;
mod webhook_answers;

use serde_json::Value;

use crate::support::TestApp;

/// The served description.
pub async fn description(app: &TestApp) -> Value {
    reqwest::get(app.url("/api/v1/openapi.json"))
        .await
        .expect("GET openapi.json")
        .json()
        .await
        .expect("the description is JSON")
}

/// Every documented operation: (method in lower case, path).
pub fn operations(document: &Value) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for method in ["get", "post", "put", "patch", "delete"] {
            if item.get(method).is_some() {
                found.push((method.to_owned(), path.clone()));
            }
        }
    }
    found.sort();
    found
}
