//! The tenant webhooks' outbox: an event row and one delivery per subscribed, enabled
//! endpoint, written in the caller's transaction, so the event exists exactly when the
//! state change that caused it committed.

use sea_orm::{
    sea_query::{Expr, ExprTrait, OnConflict},
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

use crate::{
    db::now,
    domain::{DeliveryStatus, PublicId, WebhookEvent},
    entities::{webhook_deliveries, webhook_endpoints, webhook_events, webhook_sequences},
};

use super::{webhook_endpoints as endpoints, TenantScope};

/// Milliseconds since the epoch: the unit of the delivery schedule.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Whether an endpoint's filter takes events of this type (an empty filter takes all).
pub fn subscribes(endpoint: &webhook_endpoints::Model, event: &WebhookEvent) -> bool {
    endpoint.event_types.is_empty()
        || endpoint
            .event_types
            .split(',')
            .any(|name| name == event.kind.as_str())
}

/// Writes `event` for every enabled endpoint of the tenant that subscribes to it, in `db`
/// (the state change's transaction). Nothing is written when no endpoint wants it.
/// Returns the event row when one was written.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    event: &WebhookEvent,
) -> Result<Option<webhook_events::Model>, DbErr> {
    let targets: Vec<_> = endpoints::enabled(db, scope)
        .await?
        .into_iter()
        .filter(|endpoint| subscribes(endpoint, event))
        .collect();
    if targets.is_empty() {
        return Ok(None);
    }
    let sequence_key = event.sequence_key(scope.tenant_id());
    let sequence = next_sequence(db, scope, &sequence_key).await?;
    let created = chrono::Utc::now();
    let body = serde_json::json!({
        "type": event.kind,
        "timestamp": created.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "data": event.data,
        "sequence": sequence,
    });
    let row = webhook_events::ActiveModel {
        public_id: Set(PublicId::generate("msg").into_string()),
        tenant_id: Set(scope.tenant_id()),
        event_type: Set(event.kind),
        body: Set(body.to_string()),
        sequence_key: Set(sequence_key),
        sequence: Set(sequence),
        created_at: Set(created.timestamp()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    for endpoint in targets {
        insert_delivery(db, scope, endpoint.id, row.id).await?;
    }
    Ok(Some(row))
}

async fn insert_delivery(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    endpoint_id: i32,
    event_id: i64,
) -> Result<(), DbErr> {
    let at = now();
    webhook_deliveries::ActiveModel {
        public_id: Set(PublicId::generate("whd").into_string()),
        tenant_id: Set(scope.tenant_id()),
        endpoint_id: Set(endpoint_id),
        event_id: Set(event_id),
        status: Set(DeliveryStatus::Queued),
        attempts: Set(0),
        next_attempt_at_ms: Set(now_ms()),
        lease_until_ms: Set(None),
        lease_token: Set(None),
        last_status_code: Set(None),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The next number under `key`: one more than the last, counted in the database so every
/// instance continues the same series (the row is locked by the update until commit).
async fn next_sequence(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    key: &str,
) -> Result<i64, DbErr> {
    webhook_sequences::Entity::insert(webhook_sequences::ActiveModel {
        sequence_key: Set(key.to_owned()),
        tenant_id: Set(scope.tenant_id()),
        last_sequence: Set(1),
    })
    .on_conflict(
        OnConflict::column(webhook_sequences::Column::SequenceKey)
            .value(
                webhook_sequences::Column::LastSequence,
                Expr::col((
                    webhook_sequences::Entity,
                    webhook_sequences::Column::LastSequence,
                ))
                .add(1),
            )
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    let row = webhook_sequences::Entity::find()
        .filter(webhook_sequences::Column::SequenceKey.eq(key))
        .filter(webhook_sequences::Column::TenantId.eq(scope.tenant_id()))
        .one(db)
        .await?;
    Ok(row.map_or(1, |row| row.last_sequence))
}
