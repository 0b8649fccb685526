//! What the sandbox's handlers share, and what `startup` needs to run the sandbox: its
//! route table reads this instead of the portal's `AppState`, so the sandbox stays a wing
//! the portal reaches only over HTTP.

use std::sync::Arc;

use crate::{config::Settings, db::Database, metrics::QueueGauge};

use super::{jobs, webhooks, Sandbox};

pub struct SandboxState {
    pub db: Database,
    pub sandbox: Arc<Sandbox>,
}

impl SandboxState {
    pub fn new(settings: &Settings, db: Database) -> anyhow::Result<Self> {
        Ok(Self {
            db,
            sandbox: Arc::new(Sandbox::new(settings)?),
        })
    }

    /// Starts the sandbox's background loops (webhooks, expiry, cleanup); the caller stops
    /// them with the application.
    pub fn spawn_jobs(&self) -> Vec<tokio::task::JoinHandle<()>> {
        jobs::spawn(self.db.clone(), &self.sandbox)
    }

    /// The depth of the webhook outbox, for `/metrics`.
    pub fn queue_gauge(&self) -> QueueGauge {
        let db = self.db.clone();
        QueueGauge {
            name: "portal_sandbox_webhooks_pending",
            help: "Sandbox webhook events waiting for delivery or a retry (all instances).",
            read: Box::new(move || {
                let db = db.clone();
                Box::pin(async move {
                    webhooks::count_pending(&db)
                        .await
                        .map_err(|error| error.to_string())
                })
            }),
        }
    }
}
