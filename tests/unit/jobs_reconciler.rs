//! Unit tests of `src/jobs/reconciler.rs` (a child module of it, so private items are in reach).

use super::*;

#[test]
fn the_wait_starts_at_a_minute_doubles_while_nothing_changes_and_stops_at_half_an_hour() {
    let mut check = next_check(None, 7, 1000, false, false);
    assert_eq!((check.interval_seconds, check.next_check_at), (60, 1060));
    let mut waits = vec![check.interval_seconds];
    for _ in 0..8 {
        check = next_check(Some(check), 7, 2000, false, false);
        waits.push(check.interval_seconds);
    }
    assert_eq!(waits, [60, 120, 240, 480, 960, 1800, 1800, 1800, 1800]);
    let after_change = next_check(Some(check), 7, 3000, true, false);
    assert_eq!(after_change.interval_seconds, 60);
}

#[test]
fn failures_are_counted_until_a_check_succeeds() {
    let first = next_check(None, 1, 0, false, true);
    let second = next_check(Some(first), 1, 0, false, true);
    assert_eq!(second.failures, 2);
    assert_eq!(next_check(Some(second), 1, 0, false, false).failures, 0);
}
