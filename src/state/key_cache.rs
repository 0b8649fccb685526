//! Verified API keys, kept for a few seconds with the tenant and policy they stand for.

use crate::{
    domain::{AllowedNetworks, ApiScopes},
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
    /// What the key may do and from where, read from its row once per look-up, so that
    /// checking them costs nothing per request.
    pub scopes: ApiScopes,
    pub networks: AllowedNetworks,
}

impl ApiClient {
    pub fn new(
        tenant: tenants::Model,
        key: api_keys::Model,
        policy: tenant_policies::Model,
    ) -> Self {
        let scopes = ApiScopes::from_stored(key.scopes.as_deref());
        // A stored list this version cannot read allows nowhere rather than anywhere.
        let networks = AllowedNetworks::from_stored(key.allowed_networks.as_deref())
            .unwrap_or_else(|_| AllowedNetworks::nowhere());
        ApiClient {
            tenant,
            key,
            policy,
            scopes,
            networks,
        }
    }

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
