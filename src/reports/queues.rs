//! The queue depths `/metrics` reports: clicks waiting to be written, inquiries due for a
//! status check, messages in the outbox, tenant webhook deliveries. Database-backed queues
//! are shared by every instance, so any instance reports them whole.

use std::future::Future;

use actix_web::web;
use sea_orm::DbErr;

use crate::{
    db::{now, Database},
    domain::MessageState,
    metrics::QueueGauge,
    repo,
    state::AppState,
};

/// A gauge read from the database by `read`.
fn database_gauge<F, Fut>(
    db: &Database,
    name: &'static str,
    help: &'static str,
    read: F,
) -> QueueGauge
where
    F: Fn(Database) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<u64, DbErr>> + Send + 'static,
{
    let db = db.clone();
    QueueGauge {
        name,
        help,
        read: Box::new(move || {
            let depth = read(db.clone());
            Box::pin(async move { depth.await.map_err(|error| error.to_string()) })
        }),
    }
}

/// The portal's own queues (the sandbox adds its own in sandbox mode).
pub fn portal_queue_gauges(state: &web::Data<AppState>) -> Vec<QueueGauge> {
    let clicks = state.clone();
    let db = &state.db;
    vec![
        QueueGauge {
            name: "portal_click_batches_pending",
            help: "Links with clicks counted in memory and not yet written.",
            read: Box::new(move || {
                let pending = clicks.clicks.pending_links() as u64;
                Box::pin(async move { Ok(pending) })
            }),
        },
        database_gauge(
            db,
            "portal_reconciler_inquiries_due",
            "Inquiries due for a status check by the reconciler (all instances).",
            |db| async move { repo::inquiry_status::count_due_for_check(&db.connection, now()).await },
        ),
        database_gauge(
            db,
            "portal_outbox_queued",
            "Messages in the outbox waiting for delivery (all instances).",
            |db| async move { repo::outbox::count_in_state(&db.connection, MessageState::Queued).await },
        ),
        database_gauge(
            db,
            "portal_outbox_failed",
            "Messages the mail server refused for good (all instances).",
            |db| async move { repo::outbox::count_in_state(&db.connection, MessageState::Failed).await },
        ),
        database_gauge(
            db,
            "portal_webhook_outbox_depth",
            "Tenant webhook deliveries queued, retries included (all instances).",
            |db| async move {
                let (depth, _) = repo::webhook_deliveries::queued_depth(&db.connection).await?;
                Ok(depth)
            },
        ),
        database_gauge(
            db,
            "portal_webhook_oldest_pending_seconds",
            "Age of the oldest queued tenant webhook delivery (0 when none).",
            |db| async move {
                let (_, oldest) = repo::webhook_deliveries::queued_depth(&db.connection).await?;
                Ok(oldest.map_or(0, |at| (now() - at).max(0) as u64))
            },
        ),
    ]
}
