//! `POST /webhooks/persona`: the provider's status events.

use actix_web::{http::StatusCode, web, HttpRequest, HttpResponse};
use serde_json::json;

use crate::{
    db::now,
    error::ApiError,
    error::AppError,
    state::AppState,
    webhooks::{self, signature, Event, SignatureError},
};

/// Provider events are small; this bounds what an unauthenticated sender can make us read.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

pub async fn receive_persona(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    // In sandbox mode the secret defaults to the one the embedded sandbox signs with.
    let configured = state.settings.webhook_secret();
    let Some(setting) = configured.as_deref() else {
        log::warn!("a webhook arrived but PERSONA_WEBHOOK_SECRET is not set; refused");
        return Err(AppError::ServiceUnavailable("webhooks are not configured".into()).into());
    };
    let secrets = signature::secrets(setting);
    if secrets.is_empty() {
        log::warn!("PERSONA_WEBHOOK_SECRET holds no secret; webhook refused");
        return Err(AppError::ServiceUnavailable("webhooks are not configured".into()).into());
    }
    let header = req
        .headers()
        .get("persona-signature")
        .map(|value| value.to_str().unwrap_or("\u{fffd}"));
    if let Err(error) = signature::verify(header, &body, &secrets, now()) {
        log::warn!("webhook refused: {error}");
        return Ok(rejected(error));
    }
    let event = Event::parse(&body).map_err(AppError::BadRequest)?;
    let processed = webhooks::process(&state, &event).await?;
    log::info!(
        "webhook event {} ({}): {}",
        event.id,
        event.name,
        processed.as_str()
    );
    Ok(HttpResponse::Ok().json(json!({ "status": processed.as_str() })))
}

/// 400 for a header that cannot be read at all, 401 for one that does not prove the sender.
fn rejected(error: SignatureError) -> HttpResponse {
    let (status, kind) = match error {
        SignatureError::Missing | SignatureError::Malformed => {
            (StatusCode::BAD_REQUEST, "invalid_request")
        }
        SignatureError::Stale | SignatureError::Mismatch => {
            (StatusCode::UNAUTHORIZED, "invalid_signature")
        }
    };
    HttpResponse::build(status).json(json!({
        "error": {"type": kind, "message": error.to_string()}
    }))
}
