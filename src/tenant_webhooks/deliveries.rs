//! The delivery log of an endpoint, and replays: one delivery, or every failed one since a
//! time. Replays are audited.

use crate::{
    entities::{webhook_attempts, webhook_endpoints},
    error::AppError,
    repo::{self, audit::AuditEntry, webhook_deliveries::DeliveryRow, TenantScope},
    state::AppState,
};

use super::endpoints;

/// How many deliveries and attempts the log shows.
pub const LOG_LENGTH: u64 = 100;

pub struct EndpointLog {
    pub endpoint: webhook_endpoints::Model,
    pub deliveries: Vec<DeliveryRow>,
    pub attempts: Vec<webhook_attempts::Model>,
}

/// The endpoint's latest deliveries and attempts.
pub async fn log(
    state: &AppState,
    scope: TenantScope,
    endpoint_id: &str,
) -> Result<EndpointLog, AppError> {
    let endpoint = endpoints::find(state, scope, endpoint_id).await?;
    let db = &state.db.connection;
    let deliveries =
        repo::webhook_deliveries::of_endpoint(db, scope, endpoint.id, LOG_LENGTH).await?;
    let attempts =
        repo::webhook_deliveries::attempts_of_endpoint(db, scope, endpoint.id, LOG_LENGTH * 4)
            .await?;
    Ok(EndpointLog {
        endpoint,
        deliveries,
        attempts,
    })
}

async fn audit_replay(
    db: &impl sea_orm::ConnectionTrait,
    scope: TenantScope,
    actor: &str,
    endpoint: &webhook_endpoints::Model,
    details: serde_json::Value,
) -> Result<(), AppError> {
    repo::audit::record(
        db,
        AuditEntry {
            tenant_id: Some(scope.tenant_id()),
            actor,
            action: "webhook_delivery.replayed",
            subject: Some(&format!("webhook_endpoint:{}", endpoint.public_id)),
            details: Some(details),
        },
    )
    .await?;
    Ok(())
}

fn require_enabled(endpoint: &webhook_endpoints::Model) -> Result<(), AppError> {
    if endpoint.enabled {
        Ok(())
    } else {
        Err(AppError::Conflict(
            "The endpoint is disabled; enable it before replaying its deliveries.".into(),
        ))
    }
}

/// Sends the tenant's delivery `public_id` (`whd_…`) again, from a first attempt, with the
/// same `webhook-id` and body. Returns the delivery's endpoint.
pub async fn replay(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    public_id: &str,
) -> Result<webhook_endpoints::Model, AppError> {
    let db = &state.db.connection;
    let delivery = repo::webhook_deliveries::find(db, scope, public_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let endpoint = repo::webhook_endpoints::find_by_id(db, delivery.endpoint_id)
        .await?
        .filter(|endpoint| endpoint.tenant_id == scope.tenant_id())
        .ok_or(AppError::NotFound)?;
    require_enabled(&endpoint)?;
    let write = state.db.begin_write().await?;
    if repo::webhook_deliveries::requeue(&*write, scope, delivery.id).await? {
        let details = serde_json::json!({ "delivery": delivery.public_id });
        audit_replay(&*write, scope, actor, &endpoint, details).await?;
    }
    write.commit().await?;
    Ok(endpoint)
}

/// Sends again every delivery of the endpoint created since `since` (unix seconds) that
/// did not get through and is not waiting for a retry. Returns how many.
pub async fn replay_failed_since(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    endpoint_id: &str,
    since: i64,
) -> Result<u64, AppError> {
    let endpoint = endpoints::find(state, scope, endpoint_id).await?;
    require_enabled(&endpoint)?;
    let write = state.db.begin_write().await?;
    let count =
        repo::webhook_deliveries::requeue_failed_since(&*write, scope, endpoint.id, since).await?;
    let details = serde_json::json!({ "failed_since": since, "deliveries": count });
    audit_replay(&*write, scope, actor, &endpoint, details).await?;
    write.commit().await?;
    Ok(count)
}
