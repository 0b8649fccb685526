//! The reconciler: asks the provider about inquiries that may have moved without the
//! portal hearing of it (a lost webhook loses nothing), a few per tick, each on its own
//! backoff, and applies what it learns under the same never-regress rule as webhooks.

use std::time::Duration;

use actix_web::web;
use tokio::time::{Instant, MissedTickBehavior};

use crate::{
    db::now, domain::InquiryId, entities::inquiry_checks, provider::ProviderError, repo,
    state::AppState, status,
};

/// The audit actor of everything the reconciler changes.
pub const ACTOR: &str = "system:reconciler";
/// Inquiries asked about per tick: well under the provider's 300 requests a minute, leaving
/// room for the requests end users are waiting on.
pub const BATCH: u64 = 20;
/// The wait after a check that found a change; doubled after each check that did not.
pub const FIRST_INTERVAL_SECONDS: i64 = 60;
pub const MAX_INTERVAL_SECONDS: i64 = 30 * 60;
/// Processed webhook ids are kept this long: the provider stops redelivering far sooner.
const WEBHOOK_IDS_KEPT_SECONDS: i64 = 30 * 24 * 60 * 60;

/// What one pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pass {
    pub checked: usize,
    pub changed: usize,
    /// Set when the provider rate-limited us: the pass stopped, and the next should wait.
    pub rate_limited_for: Option<u64>,
}

/// Runs passes every `settings.reconcile_interval` (the first one interval after start).
pub fn spawn(state: web::Data<AppState>) -> tokio::task::JoinHandle<()> {
    let period = state
        .settings
        .reconcile_interval
        .max(Duration::from_millis(50));
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval_at(Instant::now() + period, period);
        ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match reconcile(&state).await {
                Ok(pass) => {
                    if pass.changed > 0 {
                        log::info!(
                            "reconciler: {} of {} inquiries changed",
                            pass.changed,
                            pass.checked
                        );
                    }
                    if let Some(seconds) = pass.rate_limited_for {
                        tokio::time::sleep(Duration::from_secs(seconds)).await;
                    }
                }
                Err(error) => log::warn!("reconciler pass failed: {error:#}"),
            }
        }
    })
}

/// One pass, for tests and tools: returns how many inquiries changed.
pub async fn reconcile_once(state: &AppState) -> anyhow::Result<usize> {
    Ok(reconcile(state).await?.changed)
}

/// One pass: the due inquiries, oldest-due first, until the batch is done or the provider
/// rate-limits us.
pub async fn reconcile(state: &AppState) -> anyhow::Result<Pass> {
    let db = &state.db.connection;
    let started = now();
    let due = repo::inquiry_status::due_for_check(db, started, BATCH).await?;
    let mut pass = Pass::default();
    for inquiry in due {
        let previous = repo::inquiry_checks::find(db, inquiry.id).await?;
        let result = match InquiryId::parse(&inquiry.provider_inquiry_id) {
            Ok(id) => state.provider.patient().retrieve_inquiry(&id, false).await,
            Err(_) => Err(ProviderError::NotFound),
        };
        pass.checked += 1;
        let check = match result {
            Ok(found) => {
                let change =
                    status::record_remote(&state.db, &inquiry, &found.inquiry, ACTOR).await?;
                if let Some(change) = change {
                    state.forget_status_change(change).await;
                }
                let changed = change.is_some();
                if changed {
                    pass.changed += 1;
                }
                next_check(previous, inquiry.id, now(), changed, false)
            }
            Err(ProviderError::RateLimited {
                retry_after_seconds,
            }) => {
                log::info!("reconciler: rate limited for {retry_after_seconds} s; pass stopped");
                pass.rate_limited_for = Some(retry_after_seconds);
                break;
            }
            Err(ProviderError::NotFound) => {
                log::info!(
                    "reconciler: the provider does not know inquiry {}",
                    inquiry.provider_inquiry_id
                );
                inquiry_checks::Model {
                    interval_seconds: MAX_INTERVAL_SECONDS,
                    next_check_at: now() + MAX_INTERVAL_SECONDS,
                    ..next_check(previous, inquiry.id, now(), false, true)
                }
            }
            Err(error) => {
                log::warn!(
                    "reconciler: inquiry {}: {error}",
                    inquiry.provider_inquiry_id
                );
                next_check(previous, inquiry.id, now(), false, true)
            }
        };
        repo::inquiry_checks::schedule(db, check).await?;
    }
    repo::webhook_events::prune_before(db, started - WEBHOOK_IDS_KEPT_SECONDS).await?;
    Ok(pass)
}

/// Applies the provider's view of `local`; true when its status or expiry changed.
/// The schedule after a check at `at`: soon again after a change (the user is active),
/// otherwise twice the last wait, capped.
fn next_check(
    previous: Option<inquiry_checks::Model>,
    inquiry_id: i32,
    at: i64,
    changed: bool,
    failed: bool,
) -> inquiry_checks::Model {
    let interval = match (&previous, changed) {
        (Some(previous), false) => {
            (previous.interval_seconds * 2).clamp(FIRST_INTERVAL_SECONDS, MAX_INTERVAL_SECONDS)
        }
        _ => FIRST_INTERVAL_SECONDS,
    };
    let failures = match (&previous, failed) {
        (Some(previous), true) => previous.failures.saturating_add(1),
        (None, true) => 1,
        (_, false) => 0,
    };
    inquiry_checks::Model {
        inquiry_id,
        next_check_at: at + interval,
        interval_seconds: interval,
        last_checked_at: Some(at),
        failures,
    }
}

#[cfg(test)]
#[path = "../../tests/unit/jobs_reconciler.rs"]
mod tests;
