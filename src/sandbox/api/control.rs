//! Sandbox-only test controls: fault injection (`_faults`), the account's rate limits
//! (`_limits`) and counters (`_stats`).
//! They exist only in sandbox mode, behind the same Bearer key as the API.

use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::json;

use crate::sandbox::{error::SandboxError, faults::FaultUpdate, SandboxState};

use super::parse_json;

/// Sets the given fault settings; those not named keep their values.
pub async fn set_faults(
    state: web::Data<SandboxState>,
    body: web::Bytes,
) -> Result<HttpResponse, SandboxError> {
    let update: FaultUpdate = parse_json(&body)?;
    Ok(HttpResponse::Ok().json(json!({"data": state.sandbox.faults.apply(update)})))
}

pub async fn show_faults(state: web::Data<SandboxState>) -> HttpResponse {
    HttpResponse::Ok().json(json!({"data": state.sandbox.faults.current()}))
}

pub async fn reset_faults(state: web::Data<SandboxState>) -> HttpResponse {
    HttpResponse::Ok().json(json!({"data": state.sandbox.faults.reset()}))
}

pub async fn show_stats(state: web::Data<SandboxState>) -> HttpResponse {
    HttpResponse::Ok().json(state.sandbox.stats.snapshot())
}

/// A `POST _limits` body: the account's limits per minute (Persona's defaults are 300
/// requests and 150 inquiry creations; it raises them for large accounts).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsUpdate {
    requests_per_minute: Option<u32>,
    creations_per_minute: Option<u32>,
}

fn limits(state: &SandboxState) -> serde_json::Value {
    json!({"data": {
        "requests_per_minute": state.sandbox.rate_limiter.limit(),
        "creations_per_minute": state.sandbox.creation_limiter.limit(),
    }})
}

pub async fn set_limits(
    state: web::Data<SandboxState>,
    body: web::Bytes,
) -> Result<HttpResponse, SandboxError> {
    let update: LimitsUpdate = parse_json(&body)?;
    if let Some(limit) = update.requests_per_minute {
        state.sandbox.rate_limiter.set_limit(limit);
    }
    if let Some(limit) = update.creations_per_minute {
        state.sandbox.creation_limiter.set_limit(limit);
    }
    Ok(HttpResponse::Ok().json(limits(&state)))
}

pub async fn show_limits(state: web::Data<SandboxState>) -> HttpResponse {
    HttpResponse::Ok().json(limits(&state))
}
