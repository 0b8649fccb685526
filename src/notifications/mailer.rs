//! SMTP delivery with `lettre`, configured by `PORTAL_SMTP_URL`:
//! `smtp://host:port` (plain, for local relays and tests), `smtp://host:port?tls=starttls`
//! (STARTTLS required), `smtps://user:pass@host` (implicit TLS). Credentials may be given
//! in any of them.

use std::time::Duration;

use anyhow::{bail, Context};
use lettre::{
    message::{header::ContentType, Mailbox, MultiPart, SinglePart},
    transport::smtp::{
        authentication::Credentials,
        client::{Tls, TlsParameters},
    },
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};

use crate::config::MailSettings;

/// The longest one SMTP conversation may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

/// How a delivery ended when it did not: the worker retries `Temporary` ones.
#[derive(Debug)]
pub enum SendError {
    /// A 4xx answer, or no answer at all (connection refused, timeout, TLS).
    Temporary(String),
    /// A 5xx answer, or a message that can never be sent (a bad address).
    Permanent(String),
}

/// A message ready to send.
pub struct Envelope<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub text: &'a str,
    pub html: &'a str,
}

/// The SMTP transport and the sender.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The transport holds the SMTP credentials.
        f.debug_struct("Mailer").field("from", &self.from).finish()
    }
}

impl Mailer {
    /// The mailer `settings` describe; `None` without `PORTAL_SMTP_URL` (messages stay in
    /// the outbox). A malformed URL or sender stops the portal at start-up.
    pub fn from_settings(settings: &MailSettings) -> anyhow::Result<Option<Self>> {
        let Some(raw) = settings.smtp_url.as_deref() else {
            return Ok(None);
        };
        let from: Mailbox = settings
            .from
            .parse()
            .context("PORTAL_MAIL_FROM must be an address like `Portal <no-reply@example.com>`")?;
        let transport = transport(raw).context("PORTAL_SMTP_URL")?;
        Ok(Some(Self { transport, from }))
    }

    /// Sends one message with its text and HTML parts.
    pub async fn send(&self, envelope: &Envelope<'_>) -> Result<(), SendError> {
        let to: Mailbox = envelope
            .to
            .parse()
            .map_err(|_| SendError::Permanent("the recipient's address is not valid".into()))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(envelope.subject)
            .multipart(
                MultiPart::alternative()
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_PLAIN)
                            .body(envelope.text.to_owned()),
                    )
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_HTML)
                            .body(envelope.html.to_owned()),
                    ),
            )
            .map_err(|error| SendError::Permanent(format!("the message is not valid: {error}")))?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(error) if error.is_permanent() => Err(SendError::Permanent(error.to_string())),
            Err(error) => Err(SendError::Temporary(error.to_string())),
        }
    }
}

/// The transport a `PORTAL_SMTP_URL` names.
fn transport(raw: &str) -> anyhow::Result<AsyncSmtpTransport<Tokio1Executor>> {
    let url = url::Url::parse(raw).context("not a URL")?;
    let Some(host) = url
        .host_str()
        .map(|h| h.trim_matches(['[', ']']).to_owned())
    else {
        bail!("names no host");
    };
    let starttls = url
        .query_pairs()
        .any(|(key, value)| key == "tls" && matches!(&*value, "starttls" | "required"));
    let (tls, default_port) = match url.scheme() {
        "smtps" => (Tls::Wrapper(TlsParameters::new(host.clone())?), 465),
        "smtp" if starttls => (Tls::Required(TlsParameters::new(host.clone())?), 587),
        "smtp" => (Tls::None, 25),
        other => bail!("must start with smtp:// or smtps://, not {other}://"),
    };
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
        .port(url.port().unwrap_or(default_port))
        .tls(tls)
        .timeout(Some(SMTP_TIMEOUT));
    if !url.username().is_empty() {
        let user = percent_decode(url.username());
        let password = percent_decode(url.password().unwrap_or_default());
        builder = builder.credentials(Credentials::new(user, password));
    }
    Ok(builder.build())
}

fn percent_decode(value: &str) -> String {
    url::form_urlencoded::parse(format!("v={}", value.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, decoded)| decoded.into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
#[path = "../../tests/unit/notifications_mailer.rs"]
mod tests;
