//! Unit tests of `src/domain/link_state.rs` (a child module of it, so private items are in reach).

use super::LinkState;
use crate::domain::stored_enum::assert_round_trips;

#[test]
fn every_link_state_round_trips_through_its_stored_string() {
    assert_round_trips!(LinkState);
    assert_eq!(LinkState::Active.as_str(), "active");
    assert_eq!(LinkState::parse(" paused "), Ok(LinkState::Paused));
    assert!(LinkState::parse("locked").is_err());
}

#[test]
fn only_active_and_paused_links_are_open() {
    let open: Vec<LinkState> = LinkState::ALL.into_iter().filter(|s| s.is_open()).collect();
    assert_eq!(open, [LinkState::Active, LinkState::Paused]);
}
