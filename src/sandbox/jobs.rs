//! The sandbox's background work: webhook delivery, expiry by time, and forgetting old
//! idempotency keys. State lives in the tables, so a restart picks up where it stopped.
//! Each loop holds only a weak reference and ends when the sandbox is gone.

use std::{
    sync::{Arc, Weak},
    time::Duration,
};

use crate::db::{now, Database};

use super::{expiry, idempotency, webhooks, Sandbox};

const WEBHOOK_TICK: Duration = Duration::from_secs(1);
const EXPIRY_TICK: Duration = Duration::from_secs(1);
const CLEANUP_TICK: Duration = Duration::from_secs(60 * 60);

/// Starts the loops; the caller stops them with the application (each also ends by itself
/// once the sandbox is gone, but the cleanup loop notices that only once an hour).
pub fn spawn(db: Database, sandbox: &Arc<Sandbox>) -> Vec<tokio::task::JoinHandle<()>> {
    vec![
        tokio::spawn(deliver_webhooks(db.clone(), Arc::downgrade(sandbox))),
        tokio::spawn(expire_inquiries(db.clone(), Arc::downgrade(sandbox))),
        tokio::spawn(forget_idempotency_keys(db, Arc::downgrade(sandbox))),
    ]
}

async fn deliver_webhooks(db: Database, sandbox: Weak<Sandbox>) {
    loop {
        let Some(sandbox) = sandbox.upgrade() else {
            return;
        };
        match webhooks::deliver_due(&db, &sandbox).await {
            // A full batch may mean more are due: go again without waiting.
            Ok(attempted) if attempted >= webhooks::BATCH => continue,
            Ok(_) => {}
            Err(error) => log::warn!("sandbox webhook delivery pass failed: {error}"),
        }
        // A committed change wakes the sender at once; the tick catches retries that
        // have become due.
        tokio::select! {
            _ = sandbox.webhook_wakeup.notified() => {}
            _ = tokio::time::sleep(WEBHOOK_TICK) => {}
        }
    }
}

async fn expire_inquiries(db: Database, sandbox: Weak<Sandbox>) {
    let mut interval = tokio::time::interval(EXPIRY_TICK);
    loop {
        interval.tick().await;
        let Some(sandbox) = sandbox.upgrade() else {
            return;
        };
        match expiry::sweep(&db, &sandbox).await {
            Ok(0) => {}
            Ok(count) => log::debug!("sandbox expired {count} inquiries"),
            Err(error) => log::warn!("sandbox expiry sweep failed: {error}"),
        }
    }
}

async fn forget_idempotency_keys(db: Database, sandbox: Weak<Sandbox>) {
    let mut interval = tokio::time::interval(CLEANUP_TICK);
    loop {
        interval.tick().await;
        if sandbox.strong_count() == 0 {
            return;
        }
        let cutoff = now() - idempotency::RETENTION_SECONDS;
        let purged = async {
            let write = db.begin_write().await?;
            idempotency::purge_older_than(&*write, cutoff).await?;
            write.commit().await
        };
        if let Err(error) = purged.await {
            log::warn!("sandbox idempotency cleanup failed: {error}");
        }
    }
}
