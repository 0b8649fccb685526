//! Read-only services behind the dashboard, the audit trail, the operator's usage page and
//! the queue gauges of `/metrics`: each loads, in one call, what its page shows.

pub mod audit;
pub mod dashboard;
pub mod queues;
pub mod usage;
