//! Read-only services behind the dashboard, the audit trail and the operator's usage page:
//! each loads, in one call, what its page shows.

pub mod audit;
pub mod dashboard;
pub mod usage;
