//! Where the provider lives and how patiently the client talks to it.

use std::{fmt, time::Duration};

use anyhow::{bail, Context};
use url::Url;

use crate::config::{ProviderKind, Settings};

/// The API version every request pins with `Persona-Version`; the shapes in `wire` follow it.
pub const PERSONA_VERSION: &str = "2023-01-05";

#[derive(Clone)]
pub struct ProviderConfig {
    /// The API root, e.g. `https://api.withpersona.com/api/v1`; paths are appended to it.
    pub api_base: Url,
    pub api_key: String,
    pub persona_version: &'static str,
    /// Limit on one attempt, from connecting to the last byte of the body.
    pub timeout: Duration,
    /// Attempts after the first one, for 429, 5xx, timeouts and connection errors.
    pub max_retries: u32,
    /// First backoff; doubled per attempt, with jitter. Tests shrink it.
    pub backoff_base: Duration,
    /// The longest a 429's `RateLimit-Reset`/`Retry-After` may make us wait; a longer wait is
    /// given back to the caller as `RateLimited` instead of holding its request open.
    pub max_rate_limit_wait: Duration,
    /// The most one call may take in all, retries included, when a person waits for it
    /// (`PORTAL_PROVIDER_DEADLINE_SECONDS`); `None`: only the per-attempt timeout and retries.
    pub deadline: Option<Duration>,
}

impl ProviderConfig {
    pub fn new(api_base: Url, api_key: impl Into<String>) -> Self {
        Self {
            api_base,
            api_key: api_key.into(),
            persona_version: PERSONA_VERSION,
            timeout: Duration::from_secs(10),
            max_retries: 3,
            backoff_base: Duration::from_millis(200),
            max_rate_limit_wait: Duration::from_secs(30),
            deadline: None,
        }
    }

    /// Sandbox mode talks to the portal's own `/sandbox/api/v1` over real HTTP, with the
    /// sandbox key; Persona mode needs `PERSONA_API_KEY`.
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Self> {
        let (base, key) = match settings.provider {
            ProviderKind::Sandbox => (
                format!(
                    "{}/sandbox/api/v1",
                    settings.public_url.trim_end_matches('/')
                ),
                settings.sandbox_api_key.clone(),
            ),
            ProviderKind::Persona => match &settings.persona_api_key {
                Some(key) => (settings.persona_api_base.clone(), key.clone()),
                None => bail!("PERSONA_API_KEY must be set when PORTAL_PROVIDER is `persona`"),
            },
        };
        let api_base = Url::parse(&base)
            .with_context(|| format!("the provider API base `{base}` is not a URL"))?;
        Ok(Self {
            deadline: Some(settings.provider_deadline),
            ..Self::new(api_base, key)
        })
    }
}

// Hand-written so that `{:?}` on a config never prints the API key.
impl fmt::Debug for ProviderConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProviderConfig")
            .field("api_base", &self.api_base.as_str())
            .field("api_key", &"<redacted>")
            .field("persona_version", &self.persona_version)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("backoff_base", &self.backoff_base)
            .field("max_rate_limit_wait", &self.max_rate_limit_wait)
            .field("deadline", &self.deadline)
            .finish()
    }
}

#[cfg(test)]
#[path = "../../tests/unit/provider_config.rs"]
mod tests;
