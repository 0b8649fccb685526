//! Delivering the outbox. Every instance runs the worker; a message is sent by whoever
//! takes its lease (a compare-and-swap on the row), so two instances never send it at once.
//! The lease outlives an SMTP conversation; a worker that dies holding one leaves the
//! message to be taken again when it runs out. Only a crash between the server's "OK"
//! and marking the row sent can send a message twice.

use std::time::Duration;

use crate::{
    db::now,
    entities::outbox_messages,
    error::AppError,
    repo::{self, audit::AuditEntry},
    state::AppState,
};

use super::{
    mailer::{Envelope, Mailer, SendError},
    outbox,
};

/// How long a claimed message is held (well beyond the SMTP timeout).
pub const LEASE_SECONDS: i64 = 120;
/// Messages one pass takes on.
const BATCH: u64 = 20;
/// Tries before a temporary refusal counts as a permanent one (about two days with the
/// default base of 30 s and a cap of an hour).
pub const MAX_ATTEMPTS: i32 = 60;
const MAX_BACKOFF_SECONDS: i64 = 3600;

/// The delay before try `attempts + 1`: `base`, doubled per try, at most an hour.
pub fn backoff_seconds(base: Duration, attempts: i32) -> i64 {
    let base = i64::try_from(base.as_secs()).unwrap_or(1).max(1);
    let exponent = u32::try_from(attempts.saturating_sub(1).clamp(0, 20)).unwrap_or(20);
    base.saturating_mul(1_i64 << exponent)
        .min(MAX_BACKOFF_SECONDS)
}

/// One pass: claims and delivers what is due; returns how many messages it sent.
pub async fn deliver_due(state: &AppState, mailer: &Mailer) -> Result<usize, AppError> {
    let db = &state.db.connection;
    let at = now();
    let mut sent = 0;
    for id in repo::outbox::due(db, at, BATCH).await? {
        if !repo::outbox::claim(db, id, at, at + LEASE_SECONDS).await? {
            continue; // another instance took it
        }
        let Some(row) = repo::outbox::find_by_id(db, id).await? else {
            continue;
        };
        if deliver(state, mailer, row).await? {
            sent += 1;
        }
    }
    Ok(sent)
}

/// Sends one claimed message and records how it went; true when the server accepted it.
async fn deliver(
    state: &AppState,
    mailer: &Mailer,
    row: outbox_messages::Model,
) -> Result<bool, AppError> {
    let db = &state.db.connection;
    let message = outbox::open(state, row)?;
    let envelope = Envelope {
        to: &message.to,
        subject: &message.row.subject,
        text: &message.text,
        html: &message.html,
    };
    let row = &message.row;
    match mailer.send(&envelope).await {
        Ok(()) => {
            repo::outbox::mark_sent(db, row.id).await?;
            Ok(true)
        }
        Err(SendError::Temporary(reason)) if row.attempts < MAX_ATTEMPTS => {
            let next = now() + backoff_seconds(state.settings.mail.retry_base, row.attempts);
            log::info!(
                "message {} refused for now (try {}): {reason}",
                row.public_id,
                row.attempts
            );
            repo::outbox::mark_retry(db, row.id, next, &reason).await?;
            Ok(false)
        }
        Err(SendError::Temporary(reason)) => {
            let reason = format!("gave up after {} tries: {reason}", row.attempts);
            fail(state, row, &reason).await?;
            Ok(false)
        }
        Err(SendError::Permanent(reason)) => {
            fail(state, row, &reason).await?;
            Ok(false)
        }
    }
}

/// Marks the message failed with `reason`, audits it and tells the tenant's webhooks.
async fn fail(
    state: &AppState,
    row: &outbox_messages::Model,
    reason: &str,
) -> Result<(), AppError> {
    let write = state.db.begin_write().await?;
    repo::outbox::mark_failed(&*write, row.id, reason).await?;
    let subject = match row.link_id {
        Some(link_id) => {
            let scope = repo::TenantScope::new(row.tenant_id);
            repo::links::find_by_id(&*write, scope, link_id)
                .await?
                .map(|link| repo::audit::link_subject(&link.public_id))
        }
        None => None,
    };
    repo::audit::record(
        &*write,
        AuditEntry {
            tenant_id: Some(row.tenant_id),
            actor: "system:mail",
            action: "message.failed",
            subject: subject.as_deref(),
            details: Some(serde_json::json!({
                "message": row.public_id,
                "kind": row.kind,
                "reason": reason,
            })),
        },
    )
    .await?;
    super::notify_message_failed(&*write, row).await?;
    write.commit().await?;
    Ok(())
}
