//! How tenant webhooks are delivered (DESIGN 13.4), from `PORTAL_WEBHOOK_*`.

use std::time::Duration;

use anyhow::Context;

/// Delivery settings; tests shorten the schedule to milliseconds.
#[derive(Clone, Debug)]
pub struct TenantWebhookSettings {
    /// `PORTAL_WEBHOOK_ALLOW_PRIVATE=1`: endpoints may be http and on private or loopback
    /// addresses (tests, self-hosted setups).
    pub allow_private: bool,
    /// The waits before each retry after a failed attempt; when they are used up the
    /// delivery is exhausted and its endpoint disabled (`PORTAL_WEBHOOK_RETRY_SECONDS`,
    /// comma-separated seconds).
    pub retry_schedule: Vec<Duration>,
    /// How long one attempt may take (`PORTAL_WEBHOOK_TIMEOUT_SECONDS`).
    pub timeout: Duration,
    /// Attempts in flight per endpoint and worker (`PORTAL_WEBHOOK_CONCURRENCY`).
    pub concurrency_per_endpoint: usize,
    /// How often the worker looks for due deliveries (`PORTAL_WEBHOOK_POLL_MILLISECONDS`).
    pub poll_interval: Duration,
    /// How long a worker holds a delivery it attempts; another instance takes it over
    /// after this when the first died. Longer than `timeout`.
    pub lease: Duration,
    /// How long the previous secret keeps signing after a rotation.
    pub rotation_overlap: Duration,
}

/// 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: about three days in all.
pub const DEFAULT_RETRY_SECONDS: [u64; 7] = [5, 300, 1800, 7200, 18000, 36000, 36000];

impl Default for TenantWebhookSettings {
    fn default() -> Self {
        Self {
            allow_private: false,
            retry_schedule: DEFAULT_RETRY_SECONDS.map(Duration::from_secs).to_vec(),
            timeout: Duration::from_secs(10),
            concurrency_per_endpoint: 4,
            poll_interval: Duration::from_secs(1),
            lease: Duration::from_secs(40),
            rotation_overlap: Duration::from_secs(24 * 60 * 60),
        }
    }
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn number(name: &str) -> anyhow::Result<Option<u64>> {
    var(name)
        .map(|v| v.trim().parse::<u64>())
        .transpose()
        .with_context(|| format!("{name} must be a whole number"))
}

impl TenantWebhookSettings {
    pub fn from_env() -> anyhow::Result<Self> {
        let defaults = Self::default();
        let retry_schedule = match var("PORTAL_WEBHOOK_RETRY_SECONDS") {
            None => defaults.retry_schedule,
            Some(list) => list
                .split(',')
                .map(|s| s.trim().parse::<u64>().map(Duration::from_secs))
                .collect::<Result<_, _>>()
                .context("PORTAL_WEBHOOK_RETRY_SECONDS must be comma-separated seconds")?,
        };
        let timeout = number("PORTAL_WEBHOOK_TIMEOUT_SECONDS")?
            .filter(|s| *s > 0)
            .map_or(defaults.timeout, Duration::from_secs);
        Ok(Self {
            allow_private: var("PORTAL_WEBHOOK_ALLOW_PRIVATE").is_some_and(|v| v.trim() == "1"),
            retry_schedule,
            lease: timeout + Duration::from_secs(30),
            timeout,
            concurrency_per_endpoint: number("PORTAL_WEBHOOK_CONCURRENCY")?
                .filter(|n| *n > 0)
                .map_or(defaults.concurrency_per_endpoint, |n| n as usize),
            poll_interval: number("PORTAL_WEBHOOK_POLL_MILLISECONDS")?
                .filter(|n| *n > 0)
                .map_or(defaults.poll_interval, Duration::from_millis),
            rotation_overlap: defaults.rotation_overlap,
        })
    }
}
