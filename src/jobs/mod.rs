//! Background tasks. Each runs on an interval and keeps its state in the database, so a
//! restart loses nothing.

pub mod reconciler;

use std::time::Duration;

use crate::db::Database;

/// Deletes expired sessions every few minutes.
pub fn spawn_session_cleanup(db: Database) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(Duration::from_secs(300));
        loop {
            interval.tick().await;
            match crate::repo::sessions::delete_expired(&db.connection).await {
                Ok(0) => {}
                Ok(count) => log::debug!("removed {count} expired sessions"),
                Err(error) => log::warn!("session cleanup failed: {error}"),
            }
        }
    })
}

/// Purges idempotency records and secret flashes older than a day, and bulk uploads left
/// in preview for a week, every ten minutes.
pub fn spawn_idempotency_purge(
    state: actix_web::web::Data<crate::state::AppState>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(Duration::from_secs(600));
        loop {
            interval.tick().await;
            if let Err(error) = purge_idempotency_once(&state).await {
                log::warn!("idempotency purge failed: {error}");
            }
            match crate::links::bulk::purge_abandoned(&state).await {
                Ok(0) => {}
                Ok(count) => log::info!("deleted {count} bulk uploads left in preview for a week"),
                Err(error) => log::warn!("bulk upload purge failed: {error}"),
            }
        }
    })
}

/// One pass of the idempotency purge (also for tests); returns how many records went.
pub async fn purge_idempotency_once(
    state: &crate::state::AppState,
) -> Result<u64, crate::error::AppError> {
    let purged = crate::idempotency::purge(state).await?;
    if purged > 0 {
        log::debug!("purged {purged} idempotency records older than a day");
    }
    Ok(purged)
}

/// Delivers due tenant webhooks, one pass per poll interval (see `tenant_webhooks::worker`).
pub fn spawn_tenant_webhooks(
    state: actix_web::web::Data<crate::state::AppState>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(state.settings.tenant_webhooks.poll_interval);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            if let Err(error) = crate::tenant_webhooks::worker::run_once(&state).await {
                log::warn!("tenant webhook delivery pass failed: {error}");
            }
        }
    })
}

/// Issues the lines of started bulk uploads, one pass a second (see `links::bulk::worker`).
pub fn spawn_bulk_issuing(
    state: actix_web::web::Data<crate::state::AppState>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(Duration::from_secs(1));
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            if let Err(error) = crate::links::bulk::worker::run_once(&state).await {
                log::warn!("bulk issuing pass failed: {error}");
            }
        }
    })
}

/// Writes buffered click counts every two seconds.
pub fn spawn_click_flush(
    state: actix_web::web::Data<crate::state::AppState>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(Duration::from_secs(2));
        loop {
            interval.tick().await;
            state.clicks.flush(&state.db).await;
        }
    })
}

/// Marks links whose time has passed as expired, and forgets their cached state.
pub fn spawn_link_expiry(
    state: actix_web::web::Data<crate::state::AppState>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(Duration::from_secs(15));
        loop {
            interval.tick().await;
            match crate::links::lifecycle::expire_due(&state).await {
                Ok(0) => {}
                Ok(count) => log::debug!("expired {count} links"),
                Err(error) => log::warn!("link expiry job failed: {error}"),
            }
        }
    })
}

/// Delivers the outbox every `PORTAL_MAIL_POLL_SECONDS` (only with `PORTAL_SMTP_URL`).
pub fn spawn_outbox_delivery(
    state: actix_web::web::Data<crate::state::AppState>,
    mailer: crate::notifications::mailer::Mailer,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(state.settings.mail.poll_interval);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            if let Err(error) = crate::notifications::worker::deliver_due(&state, &mailer).await {
                log::warn!("outbox delivery failed: {error}");
            }
        }
    })
}

/// Queues the reminders due before emailed links expire, every minute.
pub fn spawn_reminders(
    state: actix_web::web::Data<crate::state::AppState>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(Duration::from_secs(60));
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            match crate::links::reminders::queue_due(&state).await {
                Ok(0) => {}
                Ok(count) => log::debug!("queued {count} reminders"),
                Err(error) => log::warn!("reminder job failed: {error}"),
            }
        }
    })
}
