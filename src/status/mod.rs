//! Inquiry status keeping: what provider webhooks and the reconciler both do once they
//! know an inquiry's status at some moment.
//!
//! Deliveries repeat, get lost and arrive out of order, so every observation carries the
//! time it describes and is applied only when it is newer than what was applied before
//! ([`order::supersedes`]). An applied change updates the inquiry, completes a dedicated
//! link whose inquiry finished, writes `inquiry.status_changed` to the audit trail (ids and
//! statuses only) and is handed back as [`StatusChanged`] for the caller to make caches drop what they hold,
//! after the commit.

mod apply;
mod events;
pub mod order;
mod remote;

pub use apply::{apply, Observation, Outcome};
pub use events::StatusChanged;
pub use remote::{observed_at, record_remote};

/// The audit action of an applied status change; `details` holds `from`, `to`, `inquiry`.
pub const STATUS_CHANGED: &str = "inquiry.status_changed";
/// The audit action when a dedicated link's inquiry finished and the link is done.
pub const LINK_COMPLETED: &str = "link.completed";
