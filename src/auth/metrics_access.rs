//! Who may read `/metrics`: anyone when `PORTAL_METRICS_TOKEN` is unset (a private
//! network's scraper, as before), else only `Authorization: Bearer <that token>`.

use std::future::{ready, Ready};

use actix_web::{
    dev::Payload, http::header, http::StatusCode, web, FromRequest, HttpRequest, HttpResponse,
    ResponseError,
};
use serde_json::json;
use subtle::ConstantTimeEq;

use crate::{crypto::sha256_hex, state::AppState};

/// A request allowed to read the metrics.
pub struct MetricsReader;

#[derive(Debug, thiserror::Error)]
#[error("the metrics need the configured bearer token")]
pub struct MetricsDenied;

impl ResponseError for MetricsDenied {
    fn status_code(&self) -> StatusCode {
        StatusCode::UNAUTHORIZED
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::Unauthorized()
            .insert_header((header::WWW_AUTHENTICATE, "Bearer"))
            .json(json!({
                "error": {"type": "unauthenticated", "message": self.to_string()}
            }))
    }
}

/// Compared as hashes, so the time taken says nothing about the token's length either.
fn allowed(configured: Option<&str>, presented: Option<&str>) -> bool {
    match (configured, presented) {
        (None, _) => true,
        (Some(expected), Some(given)) => sha256_hex(expected)
            .as_bytes()
            .ct_eq(sha256_hex(given).as_bytes())
            .into(),
        (Some(_), None) => false,
    }
}

impl FromRequest for MetricsReader {
    type Error = MetricsDenied;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let configured = req
            .app_data::<web::Data<AppState>>()
            .and_then(|state| state.settings.metrics_token.clone());
        let presented = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim());
        ready(if allowed(configured.as_deref(), presented) {
            Ok(MetricsReader)
        } else {
            Err(MetricsDenied)
        })
    }
}
