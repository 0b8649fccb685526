//! Unit tests of `src/domain/link_kind.rs` (a child module of it, so private items are in reach).

use super::LinkKind;

#[test]
fn kinds_round_trip_and_others_are_refused() {
    for kind in [LinkKind::Dedicated, LinkKind::Static] {
        assert_eq!(LinkKind::parse(kind.as_str()), Ok(kind));
    }
    assert!(LinkKind::parse("shared").is_err());
}

#[test]
fn every_link_kind_round_trips_through_its_stored_string() {
    crate::domain::stored_enum::assert_round_trips!(LinkKind);
}
