//! Unit tests of `src/domain/stale_action.rs` (a child module of it, so private items are in reach).

use super::StaleAction;
use crate::domain::stored_enum::assert_round_trips;

#[test]
fn every_stale_action_round_trips_through_its_stored_string() {
    assert_round_trips!(StaleAction);
    assert_eq!(StaleAction::default(), StaleAction::Resume);
}

#[test]
fn every_stale_action_has_a_label_for_the_policy_form() {
    for action in StaleAction::ALL {
        assert!(!action.label().is_empty(), "{action}");
    }
}
