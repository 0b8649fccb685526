//! Unit tests of `src/status/order.rs` (a child module of it, so private items are in reach).

use super::*;
use InquiryStatus::*;

#[test]
fn a_newer_observation_wins_and_an_older_one_never_does() {
    assert!(supersedes(Pending, Some(100), Completed, Some(101)));
    assert!(!supersedes(Completed, Some(101), Pending, Some(100)));
    assert!(supersedes(Completed, Some(101), Pending, Some(102)));
}

#[test]
fn a_tie_goes_to_the_status_further_along() {
    assert!(supersedes(Created, Some(100), Pending, Some(100)));
    assert!(!supersedes(Pending, Some(100), Created, Some(100)));
    assert!(supersedes(Completed, Some(100), Approved, Some(100)));
    assert!(!supersedes(Completed, Some(100), Failed, Some(100)));
    assert!(!supersedes(Completed, Some(100), Completed, Some(100)));
}

#[test]
fn an_observation_without_a_time_applies_only_to_an_inquiry_without_one() {
    assert!(supersedes(Created, None, Pending, None));
    assert!(!supersedes(Created, Some(1), Pending, None));
    assert!(supersedes(Created, None, Pending, Some(1)));
}
