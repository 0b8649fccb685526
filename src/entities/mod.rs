//! sea-orm entities: table shapes only, no logic.

pub mod access_links;
pub mod api_keys;
pub mod audit_events;
pub mod idempotency_records;
pub mod inquiries;
pub mod inquiry_checks;
pub mod link_browsers;
pub mod links;
pub mod login_locks;
pub mod outbox_messages;
pub mod processed_webhook_events;
pub mod secret_flashes;
pub mod sessions;
pub mod sso_domains;
pub mod template_connections;
pub mod tenant_brands;
pub mod tenant_policies;
pub mod tenant_sso;
pub mod tenants;
pub mod users;
pub mod webhook_attempts;
pub mod webhook_deliveries;
pub mod webhook_endpoints;
pub mod webhook_events;
pub mod webhook_sequences;
