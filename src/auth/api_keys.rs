//! Tenant API keys: `ilp_<prefix>_<secret>`. The prefix finds the row; the SHA-256 of the
//! whole key, compared in constant time, proves possession. The key itself is shown once.

use std::net::IpAddr;

use actix_web::{http::header, HttpRequest};
use rand::Rng;
use subtle::ConstantTimeEq;

use crate::{
    crypto::sha256_hex,
    db::{now, Database},
    domain::{random_token, AllowedNetworks, ApiScope, ApiScopes},
    entities::api_keys,
    error::AppError,
    repo::{self, TenantScope},
    state::AppState,
};

const SCHEME_PREFIX: &str = "ilp_";
const PREFIX_LEN: usize = 10;

/// A freshly minted key: `secret` is the only copy there will ever be.
pub struct MintedKey {
    pub secret: String,
    pub prefix: String,
    pub hash: String,
}

pub fn mint() -> MintedKey {
    const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyz23456789";
    let mut rng = rand::rngs::OsRng;
    let prefix: String = (0..PREFIX_LEN)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect();
    let secret = format!("{SCHEME_PREFIX}{prefix}_{}", random_token(32));
    MintedKey {
        hash: sha256_hex(&secret),
        prefix,
        secret,
    }
}

/// The prefix of a presented key, if it has the shape of one.
pub fn prefix_of(presented: &str) -> Option<&str> {
    let rest = presented.strip_prefix(SCHEME_PREFIX)?;
    let (prefix, secret) = rest.split_at_checked(PREFIX_LEN)?;
    let secret = secret.strip_prefix('_')?;
    let plausible =
        prefix.bytes().all(|b| b.is_ascii_alphanumeric()) && (32..=64).contains(&secret.len());
    plausible.then_some(prefix)
}

pub use crate::state::key_cache::{new_key_cache, ApiClient, KeyCache};

/// The key's client, from the cache or else the database; then what the key may do is
/// checked (in memory) and its request is counted.
/// Caching comes first so that a key over its limit is refused from memory: a caller that
/// keeps going past its limit must not cost the database more than one within it.
pub(super) async fn authenticate(
    state: &AppState,
    presented: Option<String>,
    request: KeyUse,
) -> Result<ApiClient, AppError> {
    let presented = presented.ok_or(AppError::Unauthenticated)?;
    let presented_hash = sha256_hex(&presented);
    let client = match state.api_key_cache.get(&presented_hash).await {
        Some(client) => client,
        None => {
            let client = look_up(state, &presented, &presented_hash).await?;
            state
                .api_key_cache
                .insert(presented_hash, client.clone())
                .await;
            client
        }
    };
    super::key_grants::check(&client, &request, now())?;
    check_rate(state, &client).await?;
    Ok(client)
}

/// What a request wants of its key: a scope, from an address.
pub(super) struct KeyUse {
    pub scope: ApiScope,
    pub from: IpAddr,
}

/// How stale a key's "last used" may get: it is written on a database look-up (about
/// every few seconds for a busy key), and only when older than this.
const LAST_USED_RESOLUTION_SECONDS: i64 = 60;

/// Finds the key by its prefix and proves possession by its hash; with its tenant and policy.
async fn look_up(
    state: &AppState,
    presented: &str,
    presented_hash: &str,
) -> Result<ApiClient, AppError> {
    let found = match prefix_of(presented) {
        Some(prefix) => repo::api_keys::find_active_by_prefix(&state.db.connection, prefix).await?,
        None => None,
    };
    // Compare against something even when nothing matched, so all misses cost the same.
    let expected = found
        .as_ref()
        .map_or_else(|| "0".repeat(64), |key| key.secret_hash.clone());
    let matches: bool = expected.as_bytes().ct_eq(presented_hash.as_bytes()).into();
    let key = found.filter(|_| matches).ok_or(AppError::Unauthenticated)?;
    let tenant = repo::tenants::find_by_id(&state.db.connection, key.tenant_id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let policy = repo::policies::get(&state.db.connection, TenantScope::new(tenant.id)).await?;
    let now = now();
    if key
        .last_used_at
        .is_none_or(|at| now - at >= LAST_USED_RESOLUTION_SECONDS)
    {
        repo::api_keys::touch_last_used(&state.db.connection, key.id, now).await?;
    }
    Ok(ApiClient::new(tenant, key, policy))
}

async fn check_rate(state: &AppState, client: &ApiClient) -> Result<(), AppError> {
    let limit = u32::try_from(client.policy.api_requests_per_minute).unwrap_or(u32::MAX);
    state
        .api_rate_limiter
        .check(
            &format!("api:{}", client.key.public_id),
            limit,
            std::time::Duration::from_secs(60),
        )
        .await
}

pub(super) fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

/// Validates a key's name (what it is for), as typed by an owner.
pub fn parse_key_name(input: &str) -> Result<String, String> {
    let name = input.trim();
    if name.is_empty() {
        return Err("Name the key after what uses it, like \"Backend production\".".into());
    }
    if name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err("Use at most 100 characters, without line breaks.".into());
    }
    Ok(name.to_owned())
}

/// What a new key is called and may do.
#[derive(Clone, Debug)]
pub struct KeySpec {
    pub name: String,
    /// `None`: every scope, including any added later (as keys had before scopes).
    pub scopes: Option<ApiScopes>,
    pub expires_in_days: Option<u32>,
    pub networks: AllowedNetworks,
}

impl KeySpec {
    /// A key for everything, from anywhere, for good (the CLI without flags).
    pub fn unrestricted(name: String) -> Self {
        KeySpec {
            name,
            scopes: None,
            expires_in_days: None,
            networks: AllowedNetworks::default(),
        }
    }

    /// What the audit trail says the key may do (never the key).
    fn describe(&self) -> serde_json::Value {
        serde_json::json!({
            "scopes": self.scopes.map_or_else(|| "all".to_owned(), ApiScopes::to_list),
            "expires_in_days": self.expires_in_days,
            "allowed_networks": (!self.networks.is_anywhere()).then(|| self.networks.to_list(", ")),
        })
    }
}

/// The longest lifetime a key may be given, in days (ten years).
pub const MAX_EXPIRY_DAYS: u32 = 3650;

/// Parses "expires in days" as typed: empty means never.
pub fn parse_expiry_days(input: &str) -> Result<Option<u32>, String> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(None);
    }
    match input.parse::<u32>() {
        Ok(days) if (1..=MAX_EXPIRY_DAYS).contains(&days) => Ok(Some(days)),
        _ => Err(format!(
            "Enter a whole number of days from 1 to {MAX_EXPIRY_DAYS}, or leave it empty for no expiry."
        )),
    }
}

/// Creates a key for the tenant that may do everything, from anywhere, for good, and
/// records it; the returned secret is shown once.
pub async fn issue_key(
    db: &Database,
    scope: TenantScope,
    name: &str,
    actor: &str,
) -> Result<(api_keys::Model, String), AppError> {
    let spec = KeySpec::unrestricted(name.to_owned());
    issue_key_in(&db.connection, scope, &spec, actor).await
}

/// [`issue_key`] for a key limited by `spec`.
pub async fn issue_scoped_key(
    db: &Database,
    scope: TenantScope,
    spec: &KeySpec,
    actor: &str,
) -> Result<(api_keys::Model, String), AppError> {
    issue_key_in(&db.connection, scope, spec, actor).await
}

/// [`issue_key`] through `db`: a caller's transaction that commits more with the key.
pub async fn issue_key_in(
    db: &impl sea_orm::ConnectionTrait,
    scope: TenantScope,
    spec: &KeySpec,
    actor: &str,
) -> Result<(api_keys::Model, String), AppError> {
    let minted = mint();
    let expires_at = spec
        .expires_in_days
        .map(|days| now() + i64::from(days) * 86_400);
    let key = repo::api_keys::insert_limited(
        db,
        scope,
        repo::api_keys::NewApiKey {
            name: &spec.name,
            prefix: &minted.prefix,
            secret_hash: &minted.hash,
            created_by: actor,
        },
        repo::api_keys::KeyLimits {
            scopes: spec.scopes.map(ApiScopes::to_stored),
            expires_at,
            allowed_networks: spec.networks.to_stored(),
        },
    )
    .await?;
    repo::audit::record(
        db,
        repo::audit::AuditEntry {
            tenant_id: Some(scope.tenant_id()),
            actor,
            action: "api_key.created",
            subject: Some(&format!("api_key:{}", key.public_id)),
            details: Some(spec.describe()),
        },
    )
    .await?;
    Ok((key, minted.secret))
}

#[cfg(test)]
#[path = "../../tests/unit/auth_api_keys.rs"]
mod tests;
