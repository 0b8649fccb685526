//! `Idempotency-Key` on every tenant-API POST: the HTTP side (the header, the replayed
//! answer). The records are kept by [`crate::idempotency`]: the first request with a key
//! runs; repeats get its stored answer, marked `idempotent-replayed: true`, and cause no
//! second effect; the same key with another request is a 409.

use std::future::Future;

use actix_web::{http::StatusCode, HttpRequest, HttpResponse};

use crate::{
    error::{ApiError, AppError},
    idempotency::{self, Answer, Claim, Remember},
    repo::TenantScope,
    state::AppState,
};

/// The key from the request, validated (1 to 255 printable ASCII characters).
pub fn key_of(req: &HttpRequest) -> Result<Option<String>, ApiError> {
    let Some(value) = req.headers().get("idempotency-key") else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|key| {
            !key.is_empty() && key.len() <= 255 && key.bytes().all(|b| b.is_ascii_graphic())
        })
        .ok_or_else(|| {
            AppError::BadRequest(
                "Idempotency-Key must be 1 to 255 printable ASCII characters.".into(),
            )
        })?;
    Ok(Some(key.to_owned()))
}

fn respond(answer: Answer, replayed: bool) -> HttpResponse {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let mut response = HttpResponse::build(status);
    response.content_type("application/json");
    if replayed {
        response.insert_header(("idempotent-replayed", "true"));
    }
    response.body(answer.body)
}

/// Runs a tenant-API POST at most once per `Idempotency-Key`. `operation` gets the claim
/// (to store its answer in its own transaction through an [`idempotency::Commit`]) and
/// returns the answer; the request's method, path and body are its fingerprint.
pub async fn run_once<F, Fut>(
    req: &HttpRequest,
    state: &AppState,
    scope: TenantScope,
    body: &[u8],
    operation: F,
) -> Result<HttpResponse, ApiError>
where
    F: FnOnce(Option<Claim>) -> Fut,
    Fut: Future<Output = Result<Answer, AppError>>,
{
    let key = key_of(req)?;
    // Only a key needs the fingerprint (the session-token call runs on every app load).
    let fingerprint = match key {
        Some(_) => idempotency::request_hash(&format!("{} {}", req.method(), req.path()), body),
        None => String::new(),
    };
    let outcome = idempotency::run(
        state,
        scope,
        key.as_deref(),
        &fingerprint,
        Remember::ClientErrors,
        operation,
    )
    .await?;
    Ok(respond(outcome.answer, outcome.replayed))
}
