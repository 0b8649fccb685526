//! The tenant API under `/api/v1`: JSON, API-key authenticated, idempotent POSTs.

pub mod idempotency;
pub mod inquiries;
pub mod link_request;
pub mod links;
pub mod links_batch;
pub mod openapi;
pub mod send;
pub mod types;
pub mod webhook_endpoints;
pub mod webhook_types;

use actix_web::{http::header, HttpRequest};
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// Parses a JSON body with a message that says what is wrong (never a 500).
pub fn json_body<T: DeserializeOwned>(req: &HttpRequest, body: &[u8]) -> Result<T, AppError> {
    let is_json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !is_json {
        return Err(AppError::BadRequest(
            "Send the body as JSON with Content-Type: application/json.".into(),
        ));
    }
    serde_json::from_slice(body)
        .map_err(|error| AppError::BadRequest(format!("The JSON body is not valid: {error}")))
}

/// A path id as the handlers look it up: one that no id can be (empty, over 128 bytes, or
/// with a control character such as NUL) is a 404 at once, before any query sees it.
pub fn api_id(raw: String) -> Result<String, AppError> {
    if raw.is_empty() || raw.len() > 128 || raw.chars().any(char::is_control) {
        return Err(AppError::NotFound);
    }
    Ok(raw)
}
