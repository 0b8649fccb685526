//! Deliveries of tenant webhook events: the worker's leases and outcomes, the delivery
//! log, and replays.

use sea_orm::{
    sea_query::{Expr, Query},
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::{
    db::now,
    domain::DeliveryStatus,
    entities::{webhook_attempts, webhook_deliveries, webhook_endpoints, webhook_events},
};

use super::{webhook_outbox::now_ms, TenantScope};

/// Queued deliveries whose time has come, not leased by a live worker, of enabled
/// endpoints; oldest first. Across tenants: the worker's.
pub async fn due(
    db: &impl ConnectionTrait,
    at_ms: i64,
    limit: u64,
) -> Result<Vec<webhook_deliveries::Model>, DbErr> {
    let enabled = Query::select()
        .column(webhook_endpoints::Column::Id)
        .from(webhook_endpoints::Entity)
        .and_where(webhook_endpoints::Column::Enabled.eq(true))
        .to_owned();
    webhook_deliveries::Entity::find()
        .filter(webhook_deliveries::Column::Status.eq(DeliveryStatus::Queued))
        .filter(webhook_deliveries::Column::NextAttemptAtMs.lte(at_ms))
        .filter(lease_free(at_ms))
        .filter(webhook_deliveries::Column::EndpointId.in_subquery(enabled))
        .order_by_asc(webhook_deliveries::Column::EventId)
        .order_by_asc(webhook_deliveries::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

fn lease_free(at_ms: i64) -> Condition {
    Condition::any()
        .add(webhook_deliveries::Column::LeaseUntilMs.is_null())
        .add(webhook_deliveries::Column::LeaseUntilMs.lt(at_ms))
}

/// Takes the lease on a queued, due delivery with a compare-and-swap: true only for the
/// one worker whose update found it free. Across tenants: the worker's.
pub async fn claim(
    db: &impl ConnectionTrait,
    id: i64,
    at_ms: i64,
    lease_until_ms: i64,
    token: &str,
) -> Result<bool, DbErr> {
    let result = webhook_deliveries::Entity::update_many()
        .col_expr(
            webhook_deliveries::Column::LeaseUntilMs,
            Expr::value(lease_until_ms),
        )
        .col_expr(webhook_deliveries::Column::LeaseToken, Expr::value(token))
        .filter(webhook_deliveries::Column::Id.eq(id))
        .filter(webhook_deliveries::Column::Status.eq(DeliveryStatus::Queued))
        .filter(webhook_deliveries::Column::NextAttemptAtMs.lte(at_ms))
        .filter(lease_free(at_ms))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The event a delivery carries. Across tenants: the worker's.
pub async fn event(
    db: &impl ConnectionTrait,
    event_id: i64,
) -> Result<Option<webhook_events::Model>, DbErr> {
    webhook_events::Entity::find_by_id(event_id).one(db).await
}

/// What one attempt found, to be logged and applied to its delivery.
pub struct AttemptRecord {
    pub attempt: i32,
    pub attempted_at_ms: i64,
    pub status_code: Option<i32>,
    pub latency_ms: i64,
    pub response_body: String,
    pub error: Option<String>,
}

/// Logs the attempt and moves the delivery on (delivered, retried at `next_at_ms`, or
/// exhausted), releasing the lease, only while the lease `token` still holds it (a replay
/// meanwhile wins). Across tenants: the worker's. True when the delivery was updated.
pub async fn finish(
    db: &impl ConnectionTrait,
    delivery: &webhook_deliveries::Model,
    token: &str,
    record: AttemptRecord,
    status: DeliveryStatus,
    next_at_ms: i64,
) -> Result<bool, DbErr> {
    webhook_attempts::ActiveModel {
        tenant_id: Set(delivery.tenant_id),
        endpoint_id: Set(delivery.endpoint_id),
        delivery_id: Set(delivery.id),
        attempt: Set(record.attempt),
        attempted_at: Set(record.attempted_at_ms),
        status_code: Set(record.status_code),
        latency_ms: Set(record.latency_ms),
        response_body: Set(record.response_body),
        error: Set(record.error),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let result = webhook_deliveries::Entity::update_many()
        .col_expr(webhook_deliveries::Column::Status, Expr::value(status))
        .col_expr(
            webhook_deliveries::Column::Attempts,
            Expr::value(record.attempt),
        )
        .col_expr(
            webhook_deliveries::Column::NextAttemptAtMs,
            Expr::value(next_at_ms),
        )
        .col_expr(
            webhook_deliveries::Column::LastStatusCode,
            Expr::value(record.status_code),
        )
        .col_expr(
            webhook_deliveries::Column::LeaseUntilMs,
            Expr::value(Option::<i64>::None),
        )
        .col_expr(
            webhook_deliveries::Column::LeaseToken,
            Expr::value(Option::<String>::None),
        )
        .col_expr(webhook_deliveries::Column::UpdatedAt, Expr::value(now()))
        .filter(webhook_deliveries::Column::Id.eq(delivery.id))
        .filter(webhook_deliveries::Column::LeaseToken.eq(token))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Queued deliveries (all instances' outbox depth) and the creation time of the oldest.
/// Across tenants: for the metrics.
pub async fn queued_depth(db: &impl ConnectionTrait) -> Result<(u64, Option<i64>), DbErr> {
    let queued = || {
        webhook_deliveries::Entity::find()
            .filter(webhook_deliveries::Column::Status.eq(DeliveryStatus::Queued))
    };
    let depth = queued().count(db).await?;
    let oldest = queued()
        .order_by_asc(webhook_deliveries::Column::Id)
        .one(db)
        .await?
        .map(|delivery| delivery.created_at);
    Ok((depth, oldest))
}

/// A delivery of the tenant, by its public id (`whd_…`).
pub async fn find(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    public_id: &str,
) -> Result<Option<webhook_deliveries::Model>, DbErr> {
    scope
        .webhook_deliveries()
        .filter(webhook_deliveries::Column::PublicId.eq(public_id))
        .one(db)
        .await
}

/// One delivery of an endpoint with its event.
pub type DeliveryRow = (webhook_deliveries::Model, Option<webhook_events::Model>);

/// The endpoint's latest deliveries, newest first, with their events.
pub async fn of_endpoint(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    endpoint_id: i32,
    limit: u64,
) -> Result<Vec<DeliveryRow>, DbErr> {
    scope
        .webhook_deliveries()
        .filter(webhook_deliveries::Column::EndpointId.eq(endpoint_id))
        .order_by_desc(webhook_deliveries::Column::Id)
        .limit(limit)
        .find_also_related(webhook_events::Entity)
        .all(db)
        .await
}

/// The endpoint's latest attempts, newest first: the delivery log.
pub async fn attempts_of_endpoint(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    endpoint_id: i32,
    limit: u64,
) -> Result<Vec<webhook_attempts::Model>, DbErr> {
    scope
        .webhook_attempts()
        .filter(webhook_attempts::Column::EndpointId.eq(endpoint_id))
        .order_by_desc(webhook_attempts::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Queues the tenant's delivery `id` again from its first attempt (a replay), whatever it
/// was; a lease held meanwhile no longer counts. True when it exists.
pub async fn requeue(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    id: i64,
) -> Result<bool, DbErr> {
    let result = requeue_query()
        .filter(webhook_deliveries::Column::Id.eq(id))
        .filter(webhook_deliveries::Column::TenantId.eq(scope.tenant_id()))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

/// Queues again every delivery of the endpoint created since `since` (unix seconds) that
/// was not delivered and is not waiting for a retry; returns how many.
pub async fn requeue_failed_since(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    endpoint_id: i32,
    since: i64,
) -> Result<u64, DbErr> {
    let result = requeue_query()
        .filter(webhook_deliveries::Column::EndpointId.eq(endpoint_id))
        .filter(webhook_deliveries::Column::TenantId.eq(scope.tenant_id()))
        .filter(webhook_deliveries::Column::CreatedAt.gte(since))
        .filter(
            Condition::any()
                .add(webhook_deliveries::Column::Status.eq(DeliveryStatus::Exhausted))
                .add(webhook_deliveries::Column::Attempts.gt(0)),
        )
        .filter(webhook_deliveries::Column::Status.ne(DeliveryStatus::Delivered))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

fn requeue_query() -> sea_orm::UpdateMany<webhook_deliveries::Entity> {
    webhook_deliveries::Entity::update_many()
        .col_expr(
            webhook_deliveries::Column::Status,
            Expr::value(DeliveryStatus::Queued),
        )
        .col_expr(webhook_deliveries::Column::Attempts, Expr::value(0))
        .col_expr(
            webhook_deliveries::Column::NextAttemptAtMs,
            Expr::value(now_ms()),
        )
        .col_expr(
            webhook_deliveries::Column::LeaseUntilMs,
            Expr::value(Option::<i64>::None),
        )
        .col_expr(
            webhook_deliveries::Column::LeaseToken,
            Expr::value(Option::<String>::None),
        )
        .col_expr(webhook_deliveries::Column::UpdatedAt, Expr::value(now()))
}
