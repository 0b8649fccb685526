//! Webhooks: events go into an outbox table in the same transaction as the change they
//! describe, and a background sender delivers them, signed like Persona's, retrying with
//! exponential backoff. The outbox survives restarts; nothing is sent twice on purpose.

use hmac::{Hmac, Mac};
use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::{json, Value};
use sha2::Sha256;

use crate::{
    db::{now, Database},
    domain::PublicId,
};

use super::{
    entities::{inquiries, webhook_events as events},
    error::SandboxError,
    model::{iso, status_of, DeliveryState},
    shapes, store, Effects, Sandbox,
};

/// After this many failed attempts an event is given up (`DeliveryState::Failed`).
pub const MAX_ATTEMPTS: i32 = 10;
/// Longest wait between two attempts.
const MAX_BACKOFF_SECONDS: i64 = 600;
/// While one sender delivers an event, others skip it for this long.
const LEASE_SECONDS: i64 = 60;
/// Events sent per pass of the sender.
pub const BATCH: usize = 20;

/// Queues the event of the status the inquiry has just reached (`inquiry.created`,
/// `inquiry.started`…), carrying the inquiry as it is after the change.
pub async fn record_event(
    conn: &impl ConnectionTrait,
    effects: &mut Effects,
    inquiry: &inquiries::Model,
    at: i64,
) -> Result<(), SandboxError> {
    let name = status_of(inquiry)?.event_name();
    let sessions = store::sessions_of(conn, inquiry.id).await?;
    let payload = shapes::inquiry(inquiry, &sessions);
    enqueue(conn, inquiry.id, name, payload, at).await?;
    effects.events += 1;
    Ok(())
}

/// Writes the event `name` with the inquiry as it is now into the outbox.
pub async fn enqueue(
    conn: &impl ConnectionTrait,
    inquiry_id: i32,
    name: &str,
    inquiry: Value,
    at: i64,
) -> Result<(), DbErr> {
    let public_id = PublicId::generate("evt").into_string();
    let body = json!({
        "data": {
            "type": "event",
            "id": public_id,
            "attributes": {
                "name": name,
                "created-at": iso(Some(at)),
                "payload": {"data": inquiry},
            },
        },
    });
    events::ActiveModel {
        public_id: Set(public_id),
        inquiry_id: Set(inquiry_id),
        name: Set(name.to_owned()),
        body: Set(body.to_string()),
        status: Set(DeliveryState::Pending.as_str().into()),
        attempts: Set(0),
        next_attempt_at: Set(at),
        last_response_status: Set(None),
        delivered_at: Set(None),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Persona's `Persona-Signature` value: `t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let digest = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(mut mac) => {
            mac.update(timestamp.to_string().as_bytes());
            mac.update(b".");
            mac.update(body.as_bytes());
            hex::encode(mac.finalize().into_bytes())
        }
        // HMAC accepts keys of any length; this arm exists only to avoid a panic path.
        Err(_) => String::new(),
    };
    format!("t={timestamp},v1={digest}")
}

/// The whole `Persona-Signature` header: one set per secret, space-separated, as Persona
/// signs while a secret is being rotated; the receiver accepts any set it can verify.
pub fn signature_header(secrets: &[String], timestamp: i64, body: &str) -> String {
    secrets
        .iter()
        .map(|secret| signature(secret, timestamp, body))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Seconds to wait after the `attempts`-th failure: 1, 2, 4… up to ten minutes.
pub fn backoff_seconds(attempts: i32) -> i64 {
    let exponent = attempts.clamp(1, 20) - 1;
    (1_i64 << exponent).min(MAX_BACKOFF_SECONDS)
}

/// Events waiting to be delivered (due now or retrying later): the outbox's depth.
pub async fn count_pending(db: &Database) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    events::Entity::find()
        .filter(events::Column::Status.eq(DeliveryState::Pending.as_str()))
        .count(&db.connection)
        .await
}

/// Sends every due event once; returns how many were attempted.
pub async fn deliver_due(db: &Database, sandbox: &Sandbox) -> Result<usize, DbErr> {
    let conn = &db.connection;
    let started = now();
    let due = events::Entity::find()
        .filter(events::Column::Status.eq(DeliveryState::Pending.as_str()))
        .filter(events::Column::NextAttemptAt.lte(started))
        .order_by_asc(events::Column::Id)
        .limit(BATCH as u64)
        .all(conn)
        .await?;
    let mut attempted = 0;
    for event in due {
        // Claim by moving the next attempt into the future; another instance's sender
        // that read the same row loses the race and skips it. Every write here goes
        // through `begin_write`, which is what keeps SQLite from "database is locked".
        let write = db.begin_write().await?;
        let claimed = events::Entity::update_many()
            .col_expr(
                events::Column::NextAttemptAt,
                Expr::value(now() + LEASE_SECONDS),
            )
            .filter(events::Column::Id.eq(event.id))
            .filter(events::Column::Status.eq(DeliveryState::Pending.as_str()))
            .filter(events::Column::NextAttemptAt.eq(event.next_attempt_at))
            .exec(&*write)
            .await?
            .rows_affected
            == 1;
        write.commit().await?;
        if !claimed {
            continue;
        }
        attempted += 1;
        if sandbox.faults.drop_webhooks() {
            log::info!(
                "sandbox webhook {} ({}) dropped by fault injection",
                event.public_id,
                event.name
            );
            finish(db, &event, DeliveryState::Dropped, None).await?;
            sandbox.stats.webhook_dropped();
            continue;
        }
        let response_status = send(sandbox, &event.body).await;
        match response_status {
            Some(status) if (200..300).contains(&status) => {
                finish(db, &event, DeliveryState::Delivered, Some(status)).await?;
                sandbox.stats.webhook_delivered();
            }
            _ => record_failure(db, &event, response_status).await?,
        }
    }
    Ok(attempted)
}

/// Posts one event; the response status, or `None` when the receiver could not be reached.
async fn send(sandbox: &Sandbox, body: &str) -> Option<i32> {
    let header = signature_header(&sandbox.webhook_secrets, now(), body);
    match sandbox
        .http
        .post(&sandbox.webhook_url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header("Persona-Signature", header)
        .body(body.to_owned())
        .send()
        .await
    {
        Ok(response) => Some(i32::from(response.status().as_u16())),
        Err(error) => {
            // The error names the URL, which may carry credentials; keep only its kind.
            log::warn!(
                "sandbox webhook delivery failed: {}",
                if error.is_timeout() {
                    "timeout"
                } else if error.is_connect() {
                    "connection refused or unreachable"
                } else {
                    "request error"
                }
            );
            None
        }
    }
}

async fn finish(
    db: &Database,
    event: &events::Model,
    state: DeliveryState,
    response_status: Option<i32>,
) -> Result<(), DbErr> {
    let delivered = state == DeliveryState::Delivered;
    let mut active: events::ActiveModel = event.clone().into();
    active.status = Set(state.as_str().to_owned());
    active.attempts = Set(event.attempts + i32::from(delivered));
    active.last_response_status = Set(response_status);
    if delivered {
        active.delivered_at = Set(Some(now()));
    }
    let write = db.begin_write().await?;
    active.update(&*write).await?;
    write.commit().await
}

async fn record_failure(
    db: &Database,
    event: &events::Model,
    response_status: Option<i32>,
) -> Result<(), DbErr> {
    let attempts = event.attempts + 1;
    let mut active: events::ActiveModel = event.clone().into();
    active.attempts = Set(attempts);
    active.last_response_status = Set(response_status);
    if attempts >= MAX_ATTEMPTS {
        log::warn!(
            "sandbox webhook {} ({}) given up after {attempts} attempts",
            event.public_id,
            event.name
        );
        active.status = Set(DeliveryState::Failed.as_str().into());
    } else {
        active.next_attempt_at = Set(now() + backoff_seconds(attempts));
    }
    let write = db.begin_write().await?;
    active.update(&*write).await?;
    write.commit().await
}

#[cfg(test)]
#[path = "../../tests/unit/sandbox_webhooks.rs"]
mod tests;
