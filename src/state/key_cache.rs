//! Verified API keys, kept for a few seconds with the tenant and policy they stand for.

use crate::{
    entities::{api_keys, tenant_policies, tenants},
    repo::TenantScope,
};

/// The tenant backend calling the API, authenticated by its key.
#[derive(Clone, Debug)]
pub struct ApiClient {
    pub tenant: tenants::Model,
    pub key: api_keys::Model,
    /// The tenant's policy as of authentication (cached with the key for a few seconds;
    /// saving the policy clears that cache).
    pub policy: tenant_policies::Model,
}

impl ApiClient {
    pub fn scope(&self) -> TenantScope {
        TenantScope::new(self.tenant.id)
    }

    /// The audit trail's name for this caller: the key's public id, never the key.
    pub fn actor(&self) -> String {
        format!("api_key:{}", self.key.public_id)
    }
}

/// Verified keys for a few seconds, so a backend calling on every app load costs no
/// database round trips for authentication. Revoking clears it, so a revoked key fails at
/// once on this instance (and within the entry's lifetime on others).
pub type KeyCache = moka::future::Cache<String, ApiClient>;

pub fn new_key_cache() -> KeyCache {
    moka::future::Cache::builder()
        .max_capacity(10_000)
        .time_to_live(std::time::Duration::from_secs(5))
        .build()
}
