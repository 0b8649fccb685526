//! The embedded Persona-compatible provider, mounted under `/sandbox` in sandbox mode.
//!
//! The portal talks to it over real HTTP through the same provider client it uses for
//! Persona, so everything here speaks Persona's wire format: JSON:API bodies with
//! kebab-case keys, `{"errors": [...]}` errors, Bearer auth, `Idempotency-Key` replay,
//! `RateLimit-*` headers, signed webhooks. It keeps its own tables (`sandbox_*`) and
//! never reads the portal's.
//!
//! Decisions where Persona's documentation is silent:
//! - The 26th session of an inquiry is refused with 409 "Session limit reached".
//!   Resume and one-time links each open a session; so does starting the hosted flow
//!   in a browser that has none.
//! - A reused `Idempotency-Key` with a different body on the same path gets 422. Only
//!   successful answers are stored (errors changed nothing, so a retry may run again);
//!   stored answers are encrypted (they hold session tokens) and kept for a day.
//! - Syntax errors and a missing template are 400, invalid values 422, unknown ids 404.
//! - Expiration intervals belong to a template version; changing them edits the
//!   published version in place (no new version), and an inquiry is timed by the
//!   version it is pinned to, with its own overrides first.
//! - Expiry is second-granular: an inquiry is expired once the clock is past `expires-at`.
//! - Limits: 300 requests a minute per key and, within them, 150 creations a minute.
//!   The test controls (`_faults`, `_stats`) are exempt from limits and faults.

pub mod api;
pub mod entities;
pub mod error;
pub mod expiry;
pub mod faults;
pub mod gate;
pub mod hosted;
pub mod idempotency;
pub mod jobs;
pub mod lifecycle;
pub mod model;
pub mod operator;
pub mod operator_views;
pub mod rate_limit;
pub mod routes;
pub mod seed;
pub mod sessions;
pub mod shapes;
pub mod state;
pub mod store;
pub mod templates;
pub mod webhooks;
pub mod widget;

use std::{
    sync::atomic::{AtomicU64, Ordering},
    time::Duration,
};

use serde_json::{json, Value};
use subtle::ConstantTimeEq;
use tokio::sync::Notify;

use crate::config::{derive_sandbox_webhook_secret, Settings};

pub use error::SandboxError;
pub use seed::{ensure_demo_template, DemoTemplate};
pub use state::SandboxState;

/// The sandbox's shared state: configuration, fault settings, rate limits, counters.
pub struct Sandbox {
    api_key: String,
    public_url: String,
    pub webhook_url: String,
    /// Where the hosted flow may send browsers back to.
    pub redirects: hosted::redirects::RedirectPolicy,
    /// Which pages may frame the embedded flow (and hear its messages).
    pub embedding: widget::embedding::EmbedPolicy,
    /// Every secret of `PERSONA_WEBHOOK_SECRET` (two during a rotation); each signs.
    webhook_secrets: Vec<String>,
    pub faults: faults::Faults,
    pub rate_limiter: rate_limit::RateLimiter,
    pub creation_limiter: rate_limit::RateLimiter,
    pub stats: Stats,
    replay_sealer: idempotency::ReplaySealer,
    webhook_wakeup: Notify,
    http: reqwest::Client,
}

impl Sandbox {
    pub fn new(settings: &Settings) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Self {
            api_key: settings.sandbox_api_key.clone(),
            public_url: settings.public_url.trim_end_matches('/').to_owned(),
            webhook_url: settings
                .sandbox_webhook_url
                .clone()
                .unwrap_or_else(|| format!("{}/webhooks/persona", settings.public_url)),
            webhook_secrets: webhook_secrets(settings),
            redirects: hosted::redirects::RedirectPolicy::new(
                &settings.public_url,
                &settings.sandbox_redirect_hosts,
            ),
            embedding: widget::embedding::EmbedPolicy::new(
                &settings.public_url,
                &settings.sandbox_embed_origins,
            ),
            faults: faults::Faults::default(),
            rate_limiter: rate_limit::RateLimiter::new(rate_limit::DEFAULT_LIMIT_PER_MINUTE),
            creation_limiter: rate_limit::RateLimiter::new(
                rate_limit::DEFAULT_CREATIONS_PER_MINUTE,
            ),
            stats: Stats::default(),
            replay_sealer: idempotency::ReplaySealer::new(&settings.data_key),
            webhook_wakeup: Notify::new(),
            http,
        })
    }

    /// Constant-time, so response timing does not reveal how much of a guess was right.
    pub fn api_key_matches(&self, given: &str) -> bool {
        !self.api_key.is_empty() && bool::from(self.api_key.as_bytes().ct_eq(given.as_bytes()))
    }

    /// The hosted flow's cookies are `Secure` when the portal is served over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    pub fn hosted_flow_url(&self) -> String {
        format!("{}/sandbox/verify", self.public_url)
    }

    pub fn one_time_link(&self, code: &str) -> String {
        format!("{}?code={code}", self.hosted_flow_url())
    }

    /// Counts what a committed transaction did and wakes the webhook sender if it has work.
    pub fn after_commit(&self, effects: Effects) {
        self.stats.record(&effects);
        if effects.events > 0 {
            self.webhook_wakeup.notify_one();
        }
    }
}

/// The signing secrets, read from the comma-separated setting the way the portal's
/// verifier reads it, so that both sides agree during a rotation.
fn webhook_secrets(settings: &Settings) -> Vec<String> {
    settings
        .webhook_secret()
        .unwrap_or_else(|| derive_sandbox_webhook_secret(&settings.data_key))
        .split(',')
        .map(str::trim)
        .filter(|secret| !secret.is_empty())
        .map(str::to_owned)
        .collect()
}

/// What one transaction did, applied to the counters only once it has committed.
#[derive(Clone, Copy, Debug, Default)]
pub struct Effects {
    pub inquiries_created: u64,
    pub resumes: u64,
    pub sessions_created: u64,
    pub events: u64,
}

/// Counters the tests read through `GET _stats` (for instance "exactly one resume").
#[derive(Default)]
pub struct Stats {
    inquiries_created: AtomicU64,
    resumes: AtomicU64,
    sessions_created: AtomicU64,
    webhooks_delivered: AtomicU64,
    webhooks_dropped: AtomicU64,
}

impl Stats {
    fn record(&self, effects: &Effects) {
        self.inquiries_created
            .fetch_add(effects.inquiries_created, Ordering::Relaxed);
        self.resumes.fetch_add(effects.resumes, Ordering::Relaxed);
        self.sessions_created
            .fetch_add(effects.sessions_created, Ordering::Relaxed);
    }

    pub fn webhook_delivered(&self) {
        self.webhooks_delivered.fetch_add(1, Ordering::Relaxed);
    }

    pub fn webhook_dropped(&self) {
        self.webhooks_dropped.fetch_add(1, Ordering::Relaxed);
    }

    pub fn snapshot(&self) -> Value {
        json!({
            "inquiries_created": self.inquiries_created.load(Ordering::Relaxed),
            "resumes": self.resumes.load(Ordering::Relaxed),
            "sessions_created": self.sessions_created.load(Ordering::Relaxed),
            "webhooks_delivered": self.webhooks_delivered.load(Ordering::Relaxed),
            "webhooks_dropped": self.webhooks_dropped.load(Ordering::Relaxed),
        })
    }
}
