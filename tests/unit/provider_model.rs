//! Unit tests of `src/provider/model.rs` (a child module of it, so private items are in reach).

use super::InquiryStatus;

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
        let parsed = InquiryStatus::parse(status);
        assert!(!matches!(parsed, InquiryStatus::Unknown(_)), "{status}");
        assert_eq!(parsed.as_str(), status);
    }
    assert_eq!(
        InquiryStatus::parse("needs-review"),
        InquiryStatus::NeedsReview
    );
    assert_eq!(
        InquiryStatus::parse("waiting_on_reviewer"),
        InquiryStatus::Unknown("waiting_on_reviewer".into())
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
    }
    for open in [Created, Pending, Expired] {
        assert!(!open.is_terminal() && open.is_resumable(), "{open}");
    }
    assert!(Pending.needs_session_token() && !Created.needs_session_token());
    assert!(Approved.is_decided() && !Completed.is_decided());
    assert!(!Unknown("x".into()).is_terminal());
}

#[test]
fn statuses_serialize_as_their_provider_names() {
    assert_eq!(
        serde_json::to_string(&InquiryStatus::NeedsReview).unwrap(),
        "\"needs_review\""
    );
    let status: InquiryStatus = serde_json::from_str("\"expired\"").unwrap();
    assert_eq!(status, InquiryStatus::Expired);
}
