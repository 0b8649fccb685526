//! Sandbox-only test controls: fault injection (`_faults`) and counters (`_stats`).
//! They exist only in sandbox mode, behind the same Bearer key as the API.

use actix_web::{web, HttpResponse};
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
