//! Queries and mutations, one file per aggregate. Handlers never build queries.
//!
//! Every query on a tenant-owned table starts from [`TenantScope`], which adds the
//! tenant condition, so a handler cannot forget it.

pub mod access_codes;
pub mod access_links;
pub mod api_keys;
pub mod audit;
pub mod brands;
pub mod bulk_jobs;
pub mod bulk_worker;
pub mod idempotency;
pub mod inquiries;
pub mod inquiry_checks;
pub mod inquiry_status;
pub mod invitations;
pub mod links;
pub mod login_locks;
pub mod memberships;
pub mod outbox;
pub mod passkeys;
pub mod policies;
pub mod scope;
pub mod second_factor;
pub mod secret_flashes;
pub mod sessions;
pub mod sso;
pub mod stats;
pub mod template_connections;
pub mod tenants;
pub mod users;
pub mod webhook_deliveries;
pub mod webhook_endpoints;
pub mod webhook_events;
pub mod webhook_outbox;

pub use scope::TenantScope;
