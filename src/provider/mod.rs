//! The portal's only way to talk to the verification provider: a typed client for Persona's
//! inquiry API (version pinned in [`PERSONA_VERSION`]), used alike for Persona and for the
//! embedded sandbox, which speaks the same API over real HTTP.
//!
//! Every call carries `Authorization: Bearer`, `Persona-Version`, `Key-Inflection: kebab` and
//! `Accept: application/json`; every POST carries the caller's [`IdempotencyKey`], unchanged
//! on each retry. 429, 5xx, timeouts and connection errors are retried with exponential
//! backoff and jitter (a 429 waits for `RateLimit-Reset`/`Retry-After`); other 4xx are not.
//! Logs name method, path, status, attempt and duration only: never keys, tokens, links,
//! query strings or bodies.

mod config;
mod error;
mod inquiries;
mod model;
mod requests;
mod retry;
mod secrets;
mod templates;
mod transport;
mod wire;

use std::{sync::Arc, time::Duration};

/// Statuses reach the portal as the domain's enum (see [`ReportedStatus`] for the ones the
/// portal does not know).
pub use crate::domain::InquiryStatus;
pub use config::{ProviderConfig, PERSONA_VERSION};
pub use error::ProviderError;
pub use model::{
    CreatedInquiry, Inquiry, InquiryPage, InquiryWithSessions, ReportedStatus, ResumedInquiry,
    Session, Template, TemplateVersion,
};
pub use requests::{CreateInquiry, ListInquiries, TemplateRef};
pub use secrets::{IdempotencyKey, OneTimeLink, SessionToken};

pub use transport::for_one_request;
use transport::Transport;

/// A handle on the provider API. Cloning is cheap and shares one connection pool.
#[derive(Clone)]
pub struct ProviderClient {
    transport: Arc<Transport>,
    /// How long one call may take in all, retries included; `None` for background work.
    deadline: Option<Duration>,
}

impl ProviderClient {
    /// Builds the one `reqwest::Client` (timeouts, pool, default headers). Nothing is sent
    /// until the first call, so the provider need not be up yet.
    pub fn new(config: ProviderConfig) -> anyhow::Result<Self> {
        Ok(Self {
            transport: Arc::new(Transport::new(&config)?),
            deadline: config.deadline,
        })
    }

    /// The same client without the deadline, for background work (the reconciler, webhook
    /// follow-ups), which nobody waits for and which should rather be patient.
    pub fn patient(&self) -> Self {
        Self {
            transport: self.transport.clone(),
            deadline: None,
        }
    }
}

impl std::fmt::Debug for ProviderClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProviderClient")
    }
}
