//! Expiry by time. Every read applies it lazily, and a background sweep applies it to
//! inquiries nobody reads, so their `inquiry.expired` webhooks still go out.

use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

use crate::db::{now, Database};

use super::{
    entities::inquiries,
    error::SandboxError,
    model::{status_of, InquiryStatus},
    store, webhooks, Effects, Sandbox,
};

const SWEEP_BATCH: u64 = 100;

fn is_due(inquiry: &inquiries::Model, now: i64) -> bool {
    status_of(inquiry).is_ok_and(|status| status.is_open())
        && inquiry.expires_at.is_some_and(|at| at < now)
}

/// Applies expiry by time: an open inquiry past its `expires-at` becomes `expired`.
pub async fn apply_expiry_if_due(
    conn: &impl ConnectionTrait,
    effects: &mut Effects,
    inquiry: inquiries::Model,
    now: i64,
) -> Result<inquiries::Model, SandboxError> {
    let due = status_of(&inquiry)?.is_open() && inquiry.expires_at.is_some_and(|at| at < now);
    if !due {
        return Ok(inquiry);
    }
    let expired_at = inquiry.expires_at.unwrap_or(now);
    mark_expired(conn, effects, inquiry, expired_at, now).await
}

/// Expires the inquiry and its sessions as of `expired_at`, and queues `inquiry.expired`.
pub async fn mark_expired(
    conn: &impl ConnectionTrait,
    effects: &mut Effects,
    inquiry: inquiries::Model,
    expired_at: i64,
    now: i64,
) -> Result<inquiries::Model, SandboxError> {
    store::expire_sessions(conn, inquiry.id, expired_at).await?;
    let mut active: inquiries::ActiveModel = inquiry.into();
    active.status = Set(InquiryStatus::Expired.as_str().into());
    active.expired_at = Set(Some(expired_at));
    active.updated_at = Set(now);
    let inquiry = active.update(conn).await?;
    webhooks::record_event(conn, effects, &inquiry, now).await?;
    Ok(inquiry)
}

/// Reads an inquiry as it is now, writing only when it has just expired.
pub async fn read_inquiry(
    db: &Database,
    sandbox: &Sandbox,
    public_id: &str,
) -> Result<Option<inquiries::Model>, SandboxError> {
    let now = now();
    let Some(inquiry) = store::find_inquiry(&db.connection, public_id).await? else {
        return Ok(None);
    };
    if !is_due(&inquiry, now) {
        return Ok(Some(inquiry));
    }
    let write = db.begin_write().await?;
    let mut effects = Effects::default();
    let inquiry = match store::find_inquiry(&*write, public_id).await? {
        Some(inquiry) => apply_expiry_if_due(&*write, &mut effects, inquiry, now).await?,
        None => return Ok(None),
    };
    write.commit().await?;
    sandbox.after_commit(effects);
    Ok(Some(inquiry))
}

/// Expires every open inquiry past its expiry; returns how many.
pub async fn sweep(db: &Database, sandbox: &Sandbox) -> Result<usize, SandboxError> {
    let now = now();
    let overdue = store::overdue_inquiry_ids(&db.connection, now, SWEEP_BATCH).await?;
    if overdue.is_empty() {
        return Ok(0);
    }
    let write = db.begin_write().await?;
    let mut effects = Effects::default();
    for public_id in &overdue {
        if let Some(inquiry) = store::find_inquiry(&*write, public_id).await? {
            apply_expiry_if_due(&*write, &mut effects, inquiry, now).await?;
        }
    }
    write.commit().await?;
    sandbox.after_commit(effects);
    Ok(overdue.len())
}
