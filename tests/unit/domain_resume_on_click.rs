//! Unit tests of `src/domain/resume_on_click.rs` (a child module of it, so private items are in reach).

use super::ResumeOnClick;

#[test]
fn every_policy_round_trips_and_the_default_is_same_browser() {
    for value in ResumeOnClick::ALL {
        assert_eq!(ResumeOnClick::parse(value.as_str()), Ok(value));
    }
    assert_eq!(ResumeOnClick::default(), ResumeOnClick::SameBrowser);
    assert!(ResumeOnClick::parse("everyone").is_err());
}

#[test]
fn every_policy_round_trips_through_its_stored_string() {
    crate::domain::stored_enum::assert_round_trips!(ResumeOnClick);
}
