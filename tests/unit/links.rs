//! Unit tests of `src/links/mod.rs` (a child module of it, so private items are in reach).

use super::retry_after;

#[test]
fn under_the_limit_there_is_no_wait_and_over_it_the_wait_ends_when_a_slot_frees() {
    assert_eq!(retry_after(&[100, 200], 3, 1000), None);
    // Two of two used: the older leaves the hour at 100 + 3600.
    assert_eq!(retry_after(&[100, 200], 2, 1000), Some(2700));
    // Three used of a limit of two (the limit was lowered): two must leave.
    assert_eq!(retry_after(&[100, 200, 300], 2, 1000), Some(2800));
    assert_eq!(retry_after(&[], 0, 1000), Some(1));
}
