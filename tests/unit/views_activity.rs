//! Unit tests of `src/views/activity.rs` (a child module of it, so private items are in reach).

use super::describe_details;

#[test]
fn status_changes_read_as_from_arrow_to_and_the_rest_as_pairs() {
    assert_eq!(
        describe_details(Some(
            r#"{"from":"pending","to":"completed","inquiry":"inq_1"}"#
        )),
        "pending → completed, inquiry: inq_1"
    );
    assert_eq!(
        describe_details(Some(r#"{"role":"viewer"}"#)),
        "role: viewer"
    );
    assert_eq!(describe_details(Some("not json")), "");
    assert_eq!(describe_details(None), "");
}

#[test]
fn durations_dates_booleans_and_stored_labels_read_as_words() {
    assert_eq!(
        describe_details(Some(
            r#"{"expires_in_seconds":604800,"access_code":true,"resume_on_click":"same_browser"}"#
        )),
        "expires in: 7 days, access code: yes, resume on click: Same browser"
    );
    assert_eq!(
        describe_details(Some(r#"{"expires_at":1796849618,"by":"end_user"}"#)),
        "expires at: 2026-12-09 20:53:38 UTC, by: End user"
    );
    assert_eq!(
        describe_details(Some(r#"{"extend_seconds":5400,"grace_seconds":45}"#)),
        "extend: 90 minutes, grace: 45 seconds"
    );
}

#[test]
fn ids_and_typed_words_are_shown_as_they_are() {
    assert_eq!(
        describe_details(Some(
            r#"{"inquiry":"inq_abcdefghijklmnop","reference":"cust_one","failed":false}"#
        )),
        "inquiry: inq_abcdefghijklmnop, reference: cust_one, failed: no"
    );
}
