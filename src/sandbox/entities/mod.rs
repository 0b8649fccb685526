//! The sandbox's own tables (`sandbox_*`, created by the migrations crate): table shapes
//! only, no logic. Nothing outside the sandbox reads them.

pub mod accounts;
pub mod idempotency_keys;
pub mod inquiries;
pub mod one_time_links;
pub mod sessions;
pub mod template_versions;
pub mod templates;
pub mod webhook_events;
