//! Whether an observation of an inquiry's status may replace the one applied before.

/// How far along the lifecycle a status is. Used only to break ties between observations
/// stamped with the same second (the provider's events often are: `created` and `started`
/// land together), so that the later step wins whatever order they arrive in.
pub fn rank(status: &str) -> u8 {
    match status {
        "created" => 0,
        "pending" => 1,
        "expired" => 2,
        "completed" | "failed" => 3,
        "needs_review" => 4,
        "approved" | "declined" => 5,
        // A status the provider added later: never wins a tie against a known one.
        _ => 0,
    }
}

/// True when an observation of `new_status` at `new_at` is newer than the one applied
/// (`current_status` at `current_at`). Without a time of its own an observation applies
/// only to an inquiry that has none yet: guessing could regress a status.
pub fn supersedes(
    current_status: &str,
    current_at: Option<i64>,
    new_status: &str,
    new_at: Option<i64>,
) -> bool {
    match (current_at, new_at) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(current), Some(new)) if new == current => rank(new_status) > rank(current_status),
        (Some(current), Some(new)) => new > current,
    }
}

#[cfg(test)]
#[path = "../../tests/unit/status_order.rs"]
mod tests;
