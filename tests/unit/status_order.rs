//! Unit tests of `src/status/order.rs` (a child module of it, so private items are in reach).

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
