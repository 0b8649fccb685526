//! Whether an observation of an inquiry's status may replace the one applied before.

use crate::domain::InquiryStatus;

/// True when an observation of `new_status` at `new_at` is newer than the one applied
/// (`current_status` at `current_at`). Without a time of its own an observation applies
/// only to an inquiry that has none yet: guessing could regress a status. Observations
/// stamped with the same second go to the status further along the lifecycle
/// ([`InquiryStatus::rank`]).
pub fn supersedes(
    current_status: InquiryStatus,
    current_at: Option<i64>,
    new_status: InquiryStatus,
    new_at: Option<i64>,
) -> bool {
    match (current_at, new_at) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(current), Some(new)) if new == current => new_status.rank() > current_status.rank(),
        (Some(current), Some(new)) => new > current,
    }
}

#[cfg(test)]
#[path = "../../tests/unit/status_order.rs"]
mod tests;
