//! Unit tests of `src/domain/inquiry_status.rs` (a child module of it, so private items are in reach).

use super::InquiryStatus::{self, *};
use crate::domain::stored_enum::assert_round_trips;

#[test]
fn every_inquiry_status_round_trips_through_its_stored_string() {
    assert_round_trips!(InquiryStatus);
    assert_eq!(NeedsReview.as_str(), "needs_review");
}

#[test]
fn statuses_are_listed_in_lifecycle_order_with_outcomes_last() {
    assert_eq!(
        InquiryStatus::ALL,
        [
            Created,
            Pending,
            Completed,
            Approved,
            Declined,
            NeedsReview,
            Failed,
            Expired
        ]
    );
}

#[test]
fn terminal_statuses_are_those_a_resume_refuses() {
    for terminal in [Completed, Failed, Approved, Declined, NeedsReview] {
        assert!(
            terminal.is_terminal() && !terminal.is_resumable(),
            "{terminal}"
        );
    }
    for open in [Created, Pending, Expired] {
        assert!(!open.is_terminal() && open.is_resumable(), "{open}");
    }
    assert!(Pending.needs_session_token() && !Created.needs_session_token());
    assert!(Approved.is_decided() && !Completed.is_decided());
}

#[test]
fn the_funnel_stages_contain_the_statuses_past_them() {
    assert_eq!(
        InquiryStatus::all_where(InquiryStatus::is_in_progress),
        [Created, Pending]
    );
    assert_eq!(
        InquiryStatus::all_where(InquiryStatus::has_started),
        [Pending, Completed, Approved, Declined, NeedsReview, Failed]
    );
    assert_eq!(
        InquiryStatus::all_where(InquiryStatus::has_completed_flow),
        [Completed, Approved, Declined, NeedsReview]
    );
}

#[test]
fn a_later_step_of_the_lifecycle_ranks_higher() {
    assert!(Pending.rank() > Created.rank());
    assert!(Expired.rank() > Pending.rank());
    assert!(Completed.rank() > Expired.rank());
    assert_eq!(Completed.rank(), Failed.rank());
    assert!(NeedsReview.rank() > Completed.rank());
    assert!(Approved.rank() > NeedsReview.rank());
    assert_eq!(Approved.rank(), Declined.rank());
}
