//! Unit tests of `src/provider/model.rs` (a child module of it, so private items are in reach).

use super::{InquiryStatus, ReportedStatus};

#[test]
fn every_known_status_round_trips_and_new_ones_are_kept() {
    for status in [
        "created",
        "pending",
        "completed",
        "failed",
        "expired",
        "approved",
        "declined",
        "needs_review",
    ] {
        let parsed = ReportedStatus::parse(status);
        assert!(!matches!(parsed, ReportedStatus::Unknown(_)), "{status}");
        assert_eq!(parsed.as_str(), status);
    }
    assert_eq!(
        ReportedStatus::parse("needs-review"),
        InquiryStatus::NeedsReview
    );
    assert_eq!(
        ReportedStatus::parse("waiting_on_reviewer"),
        ReportedStatus::Unknown("waiting_on_reviewer".into())
    );
}

#[test]
fn terminal_statuses_are_those_a_resume_refuses() {
    use InquiryStatus::*;
    for terminal in [Completed, Failed, Approved, Declined, NeedsReview] {
        assert!(
            terminal.is_terminal() && !terminal.is_resumable(),
            "{terminal}"
        );
        assert!(ReportedStatus::Known(terminal).is_terminal(), "{terminal}");
    }
    for open in [Created, Pending, Expired] {
        assert!(!open.is_terminal() && open.is_resumable(), "{open}");
    }
    assert!(Pending.needs_session_token() && !Created.needs_session_token());
    assert!(Approved.is_decided() && !Completed.is_decided());
    assert!(!ReportedStatus::Unknown("x".into()).is_terminal());
}

#[test]
fn statuses_serialize_as_their_provider_names() {
    assert_eq!(
        serde_json::to_string(&ReportedStatus::Known(InquiryStatus::NeedsReview)).unwrap(),
        "\"needs_review\""
    );
    let status: ReportedStatus = serde_json::from_str("\"expired\"").unwrap();
    assert_eq!(status, InquiryStatus::Expired);
    let status: ReportedStatus = serde_json::from_str("\"waiting-on-partner\"").unwrap();
    assert_eq!(status, ReportedStatus::Unknown("waiting-on-partner".into()));
}
