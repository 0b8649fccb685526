//! Unit tests of `src/domain/message_state.rs`.

use super::MessageState;
use crate::domain::{stored_enum::assert_round_trips, MessageKind};

#[test]
fn every_message_state_and_kind_round_trips_through_its_stored_string() {
    assert_round_trips!(MessageState);
    assert_round_trips!(MessageKind);
    assert_eq!(MessageState::Queued.as_str(), "queued");
    assert_eq!(MessageKind::AccessLink.as_str(), "access_link");
}
