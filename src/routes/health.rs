use actix_web::{web, HttpResponse};

use crate::{
    auth::metrics_access::MetricsReader, cluster::Health, metrics::QueueGauges, state::AppState,
};

/// The process is alive and serving.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body("ok")
}

/// The database answers: safe to send traffic here. A Redis that does not answer is
/// reported but does not make the instance unready: every instance would be equally
/// degraded (counters and locks in memory, sessions unavailable), and the API, the links
/// and the click go on working.
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let redis = match state.cluster.health() {
        Health::LocalOnly => "redis: not configured",
        Health::Connected => "redis: connected",
        Health::Unreachable => "redis: unreachable (degraded: counters and locks in memory)",
    };
    match state.db.ping().await {
        Ok(()) => HttpResponse::Ok()
            .content_type("text/plain; charset=utf-8")
            .body(format!("ready\ndatabase: ok\n{redis}\n")),
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
