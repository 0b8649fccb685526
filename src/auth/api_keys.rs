//! Tenant API keys: `ilp_<prefix>_<secret>`. The prefix finds the row; the SHA-256 of the
//! whole key, compared in constant time, proves possession. The key itself is shown once.

use actix_web::{dev::Payload, http::header, web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use rand::Rng;
use subtle::ConstantTimeEq;

use crate::{
    crypto::sha256_hex,
    db::Database,
    domain::random_token,
    entities::api_keys,
    error::{ApiError, AppError},
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

/// The key's client, from the cache or else the database; then its request is counted.
/// Caching comes first so that a key over its limit is refused from memory: a caller that
/// keeps going past its limit must not cost the database more than one within it.
async fn authenticate(state: &AppState, presented: Option<String>) -> Result<ApiClient, AppError> {
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
    check_rate(state, &client).await?;
    Ok(client)
}

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
    Ok(ApiClient {
        tenant,
        key,
        policy,
    })
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

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

impl FromRequest for ApiClient {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let presented = bearer(req);
        Box::pin(async move {
            let state = state.ok_or_else(|| AppError::internal(anyhow::anyhow!("no state")))?;
            Ok(authenticate(&state, presented).await?)
        })
    }
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

/// Creates a key for the tenant and records it; the returned secret is shown once.
pub async fn issue_key(
    db: &Database,
    scope: TenantScope,
    name: &str,
    actor: &str,
) -> Result<(api_keys::Model, String), AppError> {
    issue_key_in(&db.connection, scope, name, actor).await
}

/// [`issue_key`] through `db`: a caller's transaction that commits more with the key.
pub async fn issue_key_in(
    db: &impl sea_orm::ConnectionTrait,
    scope: TenantScope,
    name: &str,
    actor: &str,
) -> Result<(api_keys::Model, String), AppError> {
    let minted = mint();
    let key = repo::api_keys::insert(
        db,
        scope,
        repo::api_keys::NewApiKey {
            name,
            prefix: &minted.prefix,
            secret_hash: &minted.hash,
            created_by: actor,
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
            details: None,
        },
    )
    .await?;
    Ok((key, minted.secret))
}

#[cfg(test)]
#[path = "../../tests/unit/auth_api_keys.rs"]
mod tests;
