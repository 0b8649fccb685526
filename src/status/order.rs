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
mod tests {
    use super::*;

    #[test]
    fn a_newer_observation_wins_and_an_older_one_never_does() {
        assert!(supersedes("pending", Some(100), "completed", Some(101)));
        assert!(!supersedes("completed", Some(101), "pending", Some(100)));
        assert!(supersedes("completed", Some(101), "pending", Some(102)));
    }

    #[test]
    fn a_tie_goes_to_the_status_further_along() {
        assert!(supersedes("created", Some(100), "pending", Some(100)));
        assert!(!supersedes("pending", Some(100), "created", Some(100)));
        assert!(supersedes("completed", Some(100), "approved", Some(100)));
        assert!(!supersedes("completed", Some(100), "failed", Some(100)));
        assert!(!supersedes("completed", Some(100), "completed", Some(100)));
        assert!(!supersedes("created", Some(100), "brand_new", Some(100)));
    }

    #[test]
    fn an_observation_without_a_time_applies_only_to_an_inquiry_without_one() {
        assert!(supersedes("created", None, "pending", None));
        assert!(!supersedes("created", Some(1), "pending", None));
        assert!(supersedes("created", None, "pending", Some(1)));
    }
}
