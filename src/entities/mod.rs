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
pub mod processed_webhook_events;
pub mod sandbox_accounts;
pub mod sandbox_idempotency_keys;
pub mod sandbox_inquiries;
pub mod sandbox_one_time_links;
pub mod sandbox_sessions;
pub mod sandbox_template_versions;
pub mod sandbox_templates;
pub mod sandbox_webhook_events;
pub mod sessions;
pub mod template_connections;
pub mod tenant_policies;
pub mod tenants;
pub mod users;
