//! Unit tests of `src/sandbox/model.rs` (a child module of it, so private items are in reach).

use super::*;

#[test]
fn statuses_round_trip_through_their_names() {
    for status in InquiryStatus::ALL {
        assert_eq!(InquiryStatus::parse(status.as_str()), Some(status));
    }
    assert_eq!(InquiryStatus::parse("unknown"), None);
}

#[test]
fn typed_fields_follow_personas_shape() {
    let input = json!({"name-first": "Ana", "birthdate": {"type": "date", "value": "1990-01-02"}});
    let fields = Fields::from_request(input.as_object().unwrap()).unwrap();
    assert_eq!(
        fields.typed(),
        json!({
            "birthdate": {"type": "date", "value": "1990-01-02"},
            "name-first": {"type": "string", "value": "Ana"}
        })
    );
}

#[test]
fn nested_or_oddly_named_fields_are_refused() {
    let nested = json!({"name-first": ["a"]});
    assert!(Fields::from_request(nested.as_object().unwrap()).is_err());
    let odd = json!({"Name First": "a"});
    assert!(Fields::from_request(odd.as_object().unwrap()).is_err());
}

#[test]
fn timestamps_are_iso_8601_utc_with_milliseconds() {
    assert_eq!(iso(Some(0)), json!("1970-01-01T00:00:00.000Z"));
    assert_eq!(iso(None), Value::Null);
}

#[test]
fn intervals_must_be_positive_and_bounded() {
    assert_eq!(parse_interval(" 60 "), Ok(60));
    assert!(parse_interval("0").is_err());
    assert!(parse_interval("abc").is_err());
    assert!(parse_interval(&(MAX_INTERVAL_SECONDS + 1).to_string()).is_err());
}

#[test]
fn each_status_names_the_event_persona_sends_when_an_inquiry_reaches_it() {
    assert_eq!(InquiryStatus::Created.event_name(), "inquiry.created");
    assert_eq!(InquiryStatus::Pending.event_name(), "inquiry.started");
    assert_eq!(InquiryStatus::Expired.event_name(), "inquiry.expired");
    assert_eq!(
        InquiryStatus::NeedsReview.event_name(),
        "inquiry.marked-for-review"
    );
    for status in InquiryStatus::ALL {
        assert!(status.event_name().starts_with("inquiry."));
    }
}
