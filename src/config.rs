//! Settings from the environment, with defaults that serve a first run on one machine.

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
    time::Duration,
};

use anyhow::{bail, Context};
use base64::{engine::general_purpose::STANDARD, Engine};
use rand::RngCore;

mod mail;

pub use mail::MailSettings;
pub mod tenant_webhooks;
pub use tenant_webhooks::TenantWebhookSettings;

pub const SESSION_KEY_LEN: usize = 64;
pub const DATA_KEY_LEN: usize = 32;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProviderKind {
    Sandbox,
    Persona,
}

/// Everything the portal reads from its environment. Tests build this directly.
#[derive(Clone, Debug)]
pub struct Settings {
    pub database_url: String,
    pub bind: String,
    pub public_url: String,
    pub data_dir: PathBuf,
    pub session_key: Vec<u8>,
    pub data_key: Vec<u8>,
    pub provider: ProviderKind,
    pub persona_api_base: String,
    pub persona_api_key: Option<String>,
    pub persona_webhook_secret: Option<String>,
    pub persona_hosted_flow_url: String,
    pub persona_environment_id: Option<String>,
    pub sandbox_api_key: String,
    /// Where the sandbox delivers its webhooks; `{public_url}/webhooks/persona` when unset.
    pub sandbox_webhook_url: Option<String>,
    /// Hosts besides the portal's own origin that the sandbox's hosted flow may send a
    /// browser back to (`PORTAL_SANDBOX_REDIRECT_HOSTS`), normalised by `redirect_hosts`.
    pub sandbox_redirect_hosts: Vec<String>,
    /// Origins besides the portal's own that may frame the sandbox's embedded flow
    /// (`PORTAL_SANDBOX_EMBED_ORIGINS`), normalised by `embed_origins`.
    pub sandbox_embed_origins: Vec<String>,
    pub redis_url: Option<String>,
    /// Prefixes every key and channel this deployment uses in Redis, so deployments (or
    /// test runs) sharing one Redis never see each other's locks, counters or invalidations.
    pub redis_namespace: String,
    /// Load balancers whose `X-Forwarded-For` names the client (`PORTAL_TRUSTED_PROXIES`).
    pub trusted_proxies: Vec<ipnet::IpNet>,
    pub session_idle_timeout: Duration,
    pub session_absolute_timeout: Duration,
    pub login: LoginThrottleSettings,
    /// Operators must sign in with a second factor (`PORTAL_OPERATOR_REQUIRE_MFA=1`).
    pub operator_require_mfa: bool,
    pub database_max_connections: u32,
    /// The most a person's request waits for the provider in all, retries included
    /// (`PORTAL_PROVIDER_DEADLINE_SECONDS`); background work keeps its own patience.
    pub provider_deadline: Duration,
    /// How often the reconciler asks the provider about in-progress inquiries
    /// (`PORTAL_RECONCILE_SECONDS`); each inquiry also backs off on its own.
    pub reconcile_interval: Duration,
    /// How long a client may take to send a request's headers, and then its body
    /// (`PORTAL_REQUEST_READ_TIMEOUT_SECONDS`): a client trickling bytes is cut off with 408.
    pub request_read_timeout: Duration,
    /// When set, `/metrics` answers only to `Authorization: Bearer <token>`
    /// (`PORTAL_METRICS_TOKEN`); unset, it is open as for a private network.
    pub metrics_token: Option<String>,
    /// Mail: where and how messages leave (`PORTAL_SMTP_URL`, `PORTAL_MAIL_FROM`, …).
    pub mail: MailSettings,
    /// Tenant webhook delivery (`PORTAL_WEBHOOK_*`).
    pub tenant_webhooks: TenantWebhookSettings,
    /// `PORTAL_OIDC_ALLOW_PRIVATE=1`: a tenant's identity provider may be http and on a
    /// private or loopback address (tests, an identity provider inside the network).
    pub oidc_allow_private: bool,
}

/// How hard failed logins are slowed down (DESIGN section 7).
#[derive(Clone, Debug)]
pub struct LoginThrottleSettings {
    /// Failed attempts one IP may make inside `ip_window` before it gets 429s.
    pub ip_max_failures: u32,
    pub ip_window: Duration,
    /// Failures on one account before the soft lock starts.
    pub account_free_failures: u32,
    /// First lock delay; each further failure doubles it, up to `account_max_delay`.
    pub account_base_delay: Duration,
    pub account_max_delay: Duration,
}

impl Default for LoginThrottleSettings {
    fn default() -> Self {
        Self {
            ip_max_failures: 5,
            ip_window: Duration::from_secs(15 * 60),
            account_free_failures: 5,
            account_base_delay: Duration::from_secs(30),
            account_max_delay: Duration::from_secs(15 * 60),
        }
    }
}

impl Settings {
    pub fn public_url_is_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// The sandbox API the provider client talks to in sandbox mode, over real HTTP.
    pub fn is_sandbox(&self) -> bool {
        self.provider == ProviderKind::Sandbox
    }

    /// The secret that signs (sandbox) and verifies (portal) webhooks. In sandbox mode an
    /// unset secret falls back to the one derived from the data key, so both sides agree
    /// even when `Settings` was built by hand.
    pub fn webhook_secret(&self) -> Option<String> {
        self.persona_webhook_secret.clone().or_else(|| {
            self.is_sandbox()
                .then(|| derive_sandbox_webhook_secret(&self.data_key))
        })
    }

    /// Reads the environment. Keys that are unset are generated once into the data dir.
    pub fn from_env() -> anyhow::Result<Self> {
        let data_dir = PathBuf::from(var("PORTAL_DATA_DIR").unwrap_or_else(|| "./data".into()));
        let session_key = load_key(
            "PORTAL_SESSION_KEY",
            var("PORTAL_SESSION_KEY"),
            SESSION_KEY_LEN,
            &data_dir,
        )?;
        let data_key = load_key(
            "PORTAL_DATA_KEY",
            var("PORTAL_DATA_KEY"),
            DATA_KEY_LEN,
            &data_dir,
        )?;
        let provider = match var("PORTAL_PROVIDER").as_deref() {
            None | Some("sandbox") => ProviderKind::Sandbox,
            Some("persona") => ProviderKind::Persona,
            Some(other) => bail!("PORTAL_PROVIDER must be `sandbox` or `persona`, not `{other}`"),
        };
        let public_url = var("PORTAL_PUBLIC_URL")
            .unwrap_or_else(|| "http://127.0.0.1:8080".into())
            .trim_end_matches('/')
            .to_string();
        let sandbox_api_key = match var("PORTAL_SANDBOX_API_KEY") {
            Some(key) => key,
            None => derive_sandbox_key(&data_key),
        };
        let persona_webhook_secret = var("PERSONA_WEBHOOK_SECRET").or_else(|| {
            (provider == ProviderKind::Sandbox).then(|| derive_sandbox_webhook_secret(&data_key))
        });
        let reconcile_interval = positive_seconds("PORTAL_RECONCILE_SECONDS", 60)?;
        let provider_deadline = positive_seconds("PORTAL_PROVIDER_DEADLINE_SECONDS", 15)?;
        let trusted_proxies =
            crate::net::parse_trusted_proxies(&var("PORTAL_TRUSTED_PROXIES").unwrap_or_default())
                .map_err(|error| anyhow::anyhow!("PORTAL_TRUSTED_PROXIES: {error}"))?;
        let request_read_timeout = positive_seconds("PORTAL_REQUEST_READ_TIMEOUT_SECONDS", 10)?;
        Ok(Self {
            database_url: var("DATABASE_URL")
                .unwrap_or_else(|| format!("sqlite://{}/portal.db?mode=rwc", data_dir.display())),
            bind: var("PORTAL_BIND").unwrap_or_else(|| "127.0.0.1:8080".into()),
            data_dir,
            session_key,
            data_key,
            provider,
            persona_api_base: var("PERSONA_API_BASE")
                .unwrap_or_else(|| "https://api.withpersona.com/api/v1".into()),
            persona_api_key: var("PERSONA_API_KEY"),
            persona_webhook_secret,
            persona_hosted_flow_url: var("PERSONA_HOSTED_FLOW_URL")
                .unwrap_or_else(|| "https://withpersona.com/verify".into()),
            persona_environment_id: var("PERSONA_ENVIRONMENT_ID"),
            sandbox_api_key,
            sandbox_webhook_url: var("PORTAL_SANDBOX_WEBHOOK_URL"),
            sandbox_redirect_hosts: redirect_hosts(var("PORTAL_SANDBOX_REDIRECT_HOSTS"))?,
            sandbox_embed_origins: embed_origins(var("PORTAL_SANDBOX_EMBED_ORIGINS"))?,
            redis_url: var("REDIS_URL"),
            trusted_proxies,
            redis_namespace: var("PORTAL_REDIS_NAMESPACE")
                .unwrap_or_else(|| "inquiry-portal".into()),
            session_idle_timeout: seconds("PORTAL_SESSION_IDLE_SECONDS", 30 * 60)?,
            session_absolute_timeout: seconds("PORTAL_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)?,
            login: LoginThrottleSettings::from_env()?,
            operator_require_mfa: matches!(
                var("PORTAL_OPERATOR_REQUIRE_MFA").as_deref(),
                Some("1" | "true" | "yes")
            ),
            database_max_connections: database_max_connections()?,
            reconcile_interval,
            provider_deadline,
            request_read_timeout,
            metrics_token: var("PORTAL_METRICS_TOKEN"),
            mail: MailSettings::from_env(&public_url)?,
            public_url,
            tenant_webhooks: TenantWebhookSettings::from_env()?,
            oidc_allow_private: var("PORTAL_OIDC_ALLOW_PRIVATE").is_some_and(|v| v.trim() == "1"),
        })
    }
}

/// `PORTAL_DATABASE_MAX_CONNECTIONS`, 10 when unset.
fn database_max_connections() -> anyhow::Result<u32> {
    Ok(var("PORTAL_DATABASE_MAX_CONNECTIONS")
        .map(|v| v.parse::<u32>())
        .transpose()
        .context("PORTAL_DATABASE_MAX_CONNECTIONS must be a number")?
        .unwrap_or(10))
}

/// `PORTAL_SANDBOX_REDIRECT_HOSTS`: comma-separated host names (or addresses), lower-cased
/// and normalised the way URLs spell their hosts. Anything that is not a bare host (a
/// scheme, a port, a path) is refused, so a mistyped entry stops the portal instead of
/// silently allowing nothing.
pub fn redirect_hosts(value: Option<String>) -> anyhow::Result<Vec<String>> {
    value
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            url::Host::parse(entry)
                .map(|host| host.to_string())
                .with_context(|| {
                    format!("PORTAL_SANDBOX_REDIRECT_HOSTS: `{entry}` is not a host name")
                })
        })
        .collect()
}

impl LoginThrottleSettings {
    fn from_env() -> anyhow::Result<Self> {
        let defaults = Self::default();
        Ok(Self {
            ip_window: seconds(
                "PORTAL_LOGIN_IP_WINDOW_SECONDS",
                defaults.ip_window.as_secs(),
            )?,
            account_base_delay: seconds(
                "PORTAL_LOGIN_LOCK_SECONDS",
                defaults.account_base_delay.as_secs(),
            )?,
            ..defaults
        })
    }
}

/// A variable that is set to something other than blanks.
fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Like [`seconds`], for intervals and timeouts where zero would mean "never".
fn positive_seconds(name: &str, default: u64) -> anyhow::Result<Duration> {
    let value = seconds(name, default)?;
    if value.is_zero() {
        bail!("{name} must be at least 1");
    }
    Ok(value)
}

fn seconds(name: &str, default: u64) -> anyhow::Result<Duration> {
    match var(name) {
        None => Ok(Duration::from_secs(default)),
        Some(v) => v
            .parse::<u64>()
            .map(Duration::from_secs)
            .with_context(|| format!("{name} must be a whole number of seconds")),
    }
}

/// `PORTAL_SANDBOX_EMBED_ORIGINS`: comma-separated origins (`https://app.example.com`,
/// `http://127.0.0.1:3000`), written the way browsers spell them. They go into a
/// `frame-ancestors` policy and are the only targets the embedded flow posts messages to,
/// so anything that is not a plain http(s) origin (a path, a query, credentials, a
/// wildcard) stops the portal instead of allowing more, or less, than meant.
pub fn embed_origins(value: Option<String>) -> anyhow::Result<Vec<String>> {
    value
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            let refused =
                || anyhow::anyhow!("PORTAL_SANDBOX_EMBED_ORIGINS: `{entry}` is not an origin");
            let url = url::Url::parse(entry).map_err(|_| refused())?;
            let plain = matches!(url.scheme(), "http" | "https")
                && url.host_str().is_some_and(|host| !host.contains('*'))
                && url.username().is_empty()
                && url.password().is_none()
                && url.path() == "/"
                && url.query().is_none()
                && url.fragment().is_none();
            if !plain {
                return Err(refused());
            }
            Ok(url.origin().ascii_serialization())
        })
        .collect()
}

/// The sandbox key is derived from the data key, so instances sharing keys agree on it
/// without a third secret to distribute.
fn derive_sandbox_key(data_key: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::new()
        .chain_update(b"inquiry-portal sandbox api key")
        .chain_update(data_key)
        .finalize();
    format!("sbx_{}", hex::encode(&digest[..24]))
}

/// The sandbox's webhook signing secret, derived like the sandbox key and for the same reason.
pub fn derive_sandbox_webhook_secret(data_key: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::new()
        .chain_update(b"inquiry-portal sandbox webhook secret")
        .chain_update(data_key)
        .finalize();
    format!("wbhsec_{}", hex::encode(&digest[..24]))
}

/// Decodes a configured key, or generates one into the data dir on first use.
pub fn load_key(
    name: &str,
    configured: Option<String>,
    len: usize,
    data_dir: &Path,
) -> anyhow::Result<Vec<u8>> {
    if let Some(encoded) = configured {
        return decode_key(name, encoded.trim(), len);
    }
    let path = data_dir.join(key_file_name(name));
    if path.exists() {
        let encoded = fs::read_to_string(&path)
            .with_context(|| format!("cannot read {name} from {}", path.display()))?;
        return decode_key(name, encoded.trim(), len);
    }
    fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create data dir {}", data_dir.display()))?;
    let mut key = vec![0u8; len];
    rand::rngs::OsRng.fill_bytes(&mut key);
    write_private_file(&path, STANDARD.encode(&key).as_bytes())
        .with_context(|| format!("cannot write {name} to {}", path.display()))?;
    Ok(key)
}

fn key_file_name(name: &str) -> String {
    format!("{}.key", name.to_ascii_lowercase())
}

fn decode_key(name: &str, encoded: &str, len: usize) -> anyhow::Result<Vec<u8>> {
    let key = STANDARD
        .decode(encoded)
        .with_context(|| format!("{name} must be standard base64"))?;
    if key.len() < len {
        bail!(
            "{name} is {} bytes long; it must be at least {len} bytes (standard base64)",
            key.len()
        );
    }
    if key.iter().all(|b| *b == 0) {
        bail!("{name} is all zeros; generate a random key");
    }
    Ok(key[..len].to_vec())
}

fn write_private_file(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(contents)?;
    file.sync_all()
}

#[cfg(test)]
#[path = "../tests/unit/config.rs"]
mod tests;
