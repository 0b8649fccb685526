//! Mail settings (DESIGN 13.3).

use std::time::Duration;

use super::{positive_seconds, var};

/// How the outbox worker delivers (DESIGN 13.3).
#[derive(Clone, Debug)]
pub struct MailSettings {
    /// `smtp://host:port` (plain), `smtp://…?tls=starttls`, `smtps://user:pass@host`;
    /// unset, messages stay in the outbox (`/operator/outbox`, `/sandbox/mailbox`).
    pub smtp_url: Option<String>,
    /// The `From` of every message (`PORTAL_MAIL_FROM`).
    pub from: String,
    /// How often the worker looks for due messages (`PORTAL_MAIL_POLL_SECONDS`).
    pub poll_interval: Duration,
    /// The first retry's delay after a temporary refusal; doubles per try, at most an
    /// hour (`PORTAL_MAIL_RETRY_SECONDS`).
    pub retry_base: Duration,
}

impl MailSettings {
    /// The embedded default: no SMTP, messages stay in the outbox.
    pub fn outbox_only(public_url: &str) -> Self {
        let host = url::Url::parse(public_url)
            .ok()
            .and_then(|url| url.host_str().map(str::to_owned))
            .unwrap_or_else(|| "localhost".into());
        let host = if host.contains('.') {
            host
        } else {
            format!("{host}.localdomain")
        };
        Self {
            smtp_url: None,
            from: format!("Inquiry Portal <no-reply@{host}>"),
            poll_interval: Duration::from_secs(5),
            retry_base: Duration::from_secs(30),
        }
    }

    pub(super) fn from_env(public_url: &str) -> anyhow::Result<Self> {
        let defaults = Self::outbox_only(public_url);
        Ok(Self {
            smtp_url: var("PORTAL_SMTP_URL"),
            from: var("PORTAL_MAIL_FROM").unwrap_or(defaults.from),
            poll_interval: positive_seconds("PORTAL_MAIL_POLL_SECONDS", 5)?,
            retry_base: positive_seconds("PORTAL_MAIL_RETRY_SECONDS", 30)?,
        })
    }
}
