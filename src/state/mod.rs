//! The shared state every handler, service and job reads: settings, the database, the
//! provider client and the in-memory caches, with their cross-instance invalidation.
//! It sits below the services that use it and imports none of them.

pub mod brand_cache;
pub mod clicks;
pub mod inquiry_cache;
mod invalidation;
pub mod key_cache;
pub mod link_cache;
pub mod resume_locks;

use crate::{
    cluster::Cluster,
    config::Settings,
    crypto::DataCipher,
    db::Database,
    limits::{rate_limit::RateLimiter, throttle::LoginThrottle},
    passwords::PasswordHasher,
    provider::{ProviderClient, ProviderConfig},
};

pub use invalidation::spawn_listener;

/// Everything a handler may need, built once.
pub struct AppState {
    pub settings: Settings,
    pub db: Database,
    pub password_hasher: PasswordHasher,
    pub login_throttle: LoginThrottle,
    /// The one provider client; in sandbox mode it calls this very server over HTTP, which
    /// is fine because nothing is sent before the server runs.
    pub provider: ProviderClient,
    /// AES-256-GCM under the data key, for session tokens, prefill and link tokens.
    pub cipher: DataCipher,
    /// Clicks counted in memory and written in batches.
    pub clicks: clicks::ClickCounter,
    /// One resume at a time per inquiry (session tokens on demand, the click).
    pub resume_locks: resume_locks::ResumeLocks,
    /// What a click needs about a dedicated link, kept in memory.
    pub link_cache: link_cache::LinkCache,
    /// Inquiries the session-token API answers from memory.
    pub inquiry_cache: inquiry_cache::InquiryCache,
    /// Requests per API key per minute (tenant policy).
    pub api_rate_limiter: RateLimiter,
    /// New static-link inquiries per tenant and client address per hour (tenant policy).
    pub static_visit_limiter: RateLimiter,
    /// Second-step sign-in tries per user (TOTP or recovery code).
    pub second_factor_limiter: RateLimiter,
    /// Recently verified API keys (a few seconds; cleared on revoke).
    pub api_key_cache: key_cache::KeyCache,
    /// Tenants' brands for the end-user pages.
    pub brands: brand_cache::BrandCache,
    /// Tells the other instances what to forget (through Redis, when configured).
    pub cluster: Cluster,
}

impl AppState {
    pub fn new(settings: Settings, db: Database, cluster: Cluster) -> anyhow::Result<Self> {
        Ok(Self {
            password_hasher: PasswordHasher::new()?,
            login_throttle: LoginThrottle::new(settings.login.clone(), cluster.clone()),
            provider: ProviderClient::new(ProviderConfig::from_settings(&settings)?)?,
            cipher: DataCipher::new(&settings.data_key)?,
            clicks: clicks::ClickCounter::default(),
            resume_locks: resume_locks::ResumeLocks::default(),
            link_cache: link_cache::LinkCache::new(200_000),
            brands: brand_cache::BrandCache::new(10_000),
            inquiry_cache: inquiry_cache::InquiryCache::new(200_000),
            api_rate_limiter: RateLimiter::new(cluster.clone()),
            second_factor_limiter: RateLimiter::new(cluster.clone()),
            static_visit_limiter: RateLimiter::new(cluster.clone()),
            api_key_cache: key_cache::new_key_cache(),
            cluster,
            db,
            settings,
        })
    }
}
