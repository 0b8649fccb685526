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
