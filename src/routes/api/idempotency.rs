//! `Idempotency-Key` for the tenant API: the first request with a key runs; repeats get
//! its stored answer (status and body) and cause no second effect. A repeat that arrives
//! while the first still runs waits for it. The same key with another request is a 422.

use std::{future::Future, time::Duration};

use actix_web::{http::StatusCode, HttpRequest, HttpResponse};

use crate::{
    crypto::sha256_hex,
    error::{ApiError, AppError},
    repo::{self, TenantScope},
    state::AppState,
};

const WAIT_FOR_FIRST: Duration = Duration::from_secs(15);

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

fn replay(status: i32, body: Option<String>) -> HttpResponse {
    let status = u16::try_from(status)
        .ok()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::OK);
    HttpResponse::build(status)
        .content_type("application/json")
        .insert_header(("idempotent-replayed", "true"))
        .body(body.unwrap_or_default())
}

/// Stored answers are encrypted: a link's creation answer carries its URL (the link
/// token), its access code and its session token, which the database otherwise keeps
/// only hashed or encrypted.
fn seal(state: &AppState, scope: TenantScope, key: &str, body: &str) -> Result<String, ApiError> {
    let context = format!("idempotency:{}:{key}", scope.tenant_id());
    Ok(state
        .cipher
        .encrypt(body, &context)
        .map_err(AppError::internal)?)
}

fn unseal(
    state: &AppState,
    scope: TenantScope,
    key: &str,
    sealed: &str,
) -> Result<String, ApiError> {
    let context = format!("idempotency:{}:{key}", scope.tenant_id());
    state.cipher.decrypt(sealed, &context).map_err(|_| {
        AppError::Conflict(
            "The answer to this Idempotency-Key can no longer be replayed; send the request with a new key.".into(),
        )
        .into()
    })
}

/// Runs `operation` at most once per key; it returns the status and JSON body to answer with.
pub async fn run_once<F, Fut>(
    state: &AppState,
    scope: TenantScope,
    key: Option<String>,
    fingerprint: &str,
    operation: F,
) -> Result<HttpResponse, ApiError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<(StatusCode, serde_json::Value), ApiError>>,
{
    let Some(key) = key else {
        let (status, body) = operation().await?;
        return Ok(HttpResponse::build(status).json(body));
    };
    let db = &state.db.connection;
    let request_hash = sha256_hex(fingerprint);
    if let Some(existing) = repo::idempotency::claim(db, scope, &key, &request_hash).await? {
        if existing.request_hash != request_hash {
            return Err(AppError::Conflict(
                "This Idempotency-Key was already used for a different request.".into(),
            )
            .into());
        }
        let started = std::time::Instant::now();
        let mut record = existing;
        loop {
            if let Some(status) = record.response_status {
                let body = match record.response_body.as_deref() {
                    Some(sealed) => Some(unseal(state, scope, &key, sealed)?),
                    None => None,
                };
                return Ok(replay(status, body));
            }
            if started.elapsed() > WAIT_FOR_FIRST {
                return Err(AppError::Conflict(
                    "A request with this Idempotency-Key is still in progress.".into(),
                )
                .into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
            match repo::idempotency::find(db, scope, &key).await? {
                Some(found) => record = found,
                // The first attempt failed on our side and released the key: run it now.
                None => {
                    return Box::pin(run_once(state, scope, Some(key), fingerprint, operation))
                        .await
                }
            }
        }
    }
    match operation().await {
        Ok((status, body)) => {
            let text = body.to_string();
            let sealed = seal(state, scope, &key, &text)?;
            repo::idempotency::complete(db, scope, &key, status.as_u16(), &sealed).await?;
            Ok(HttpResponse::build(status)
                .content_type("application/json")
                .body(text))
        }
        Err(error) if error.0.is_remembered_client_error() => {
            let response = actix_web::ResponseError::error_response(&error);
            let body = serde_json::json!({
                "error": {"type": error.0.kind(), "message": error.0.public_message()}
            });
            let sealed = seal(state, scope, &key, &body.to_string())?;
            repo::idempotency::complete(db, scope, &key, response.status().as_u16(), &sealed)
                .await?;
            Err(error)
        }
        Err(error) => {
            repo::idempotency::release(db, scope, &key).await?;
            Err(error)
        }
    }
}
