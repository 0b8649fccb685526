use actix_web::{web, HttpResponse};

use crate::{auth::metrics_access::MetricsReader, metrics::QueueGauges, state::AppState};

/// The process is alive and serving.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body("ok")
}

/// The database answers: safe to send traffic here.
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    match state.db.ping().await {
        Ok(()) => HttpResponse::Ok()
            .content_type("text/plain; charset=utf-8")
            .body("ready"),
        Err(error) => {
            log::warn!("readiness check failed: {error}");
            HttpResponse::ServiceUnavailable()
                .content_type("text/plain; charset=utf-8")
                .body("database unavailable")
        }
    }
}

/// Prometheus text format: requests, provider calls, caches and queue depths. Behind a
/// bearer token when `PORTAL_METRICS_TOKEN` is set.
pub async fn metrics(_reader: MetricsReader, gauges: web::Data<QueueGauges>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(gauges.scrape().await)
}
