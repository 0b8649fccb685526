//! sea-orm entities: table shapes only, no logic.

pub mod api_keys;
pub mod audit_events;
pub mod login_locks;
pub mod sessions;
pub mod template_connections;
pub mod tenants;
pub mod users;
