//! Unit tests of `src/webhooks/event.rs` (a child module of it, so private items are in reach).

use serde_json::json;

use super::*;

fn body(name: &str, payload: serde_json::Value) -> Vec<u8> {
    json!({"data": {"type": "event", "id": "evt_123", "attributes": {
        "name": name, "created-at": "2026-01-05T10:00:00.000Z", "payload": payload
    }}})
    .to_string()
    .into_bytes()
}

#[test]
fn an_inquiry_event_yields_its_id_time_and_expiry() {
    let event = Event::parse(&body(
        "inquiry.completed",
        json!({"data": {"type": "inquiry", "id": "inq_ABCDEFGHJKLMNPQRSTUVWXYZ", "attributes": {
            "status": "completed", "reference-id": "ref-1", "expires-at": "2026-01-06T10:00:00Z",
            "name-first": "Ana"
        }}}),
    ))
    .unwrap();
    assert_eq!(event.id, "evt_123");
    assert_eq!(event.meaning(), Meaning::Status(InquiryStatus::Completed));
    assert_eq!(event.created_at, 1_767_607_200);
    assert_eq!(
        event.inquiry_id.as_ref().map(InquiryId::as_str),
        Some("inq_ABCDEFGHJKLMNPQRSTUVWXYZ")
    );
    assert_eq!(event.expires_at, Some(1_767_693_600));
}

#[test]
fn unknown_names_and_other_payloads_are_understood_as_other() {
    let event = Event::parse(&body(
        "account.created",
        json!({"data": {"type": "account", "id": "act_1"}}),
    ))
    .unwrap();
    assert_eq!(event.meaning(), Meaning::Other);
    assert_eq!(event.inquiry_id, None);
}

#[test]
fn bodies_that_do_not_fit_are_refused_without_quoting_them() {
    for bad in [
        b"not json".to_vec(),
        br#"{"data":{}}"#.to_vec(),
        body(
            "inquiry.completed",
            json!({"data": {"type": "inquiry", "id": "secret-value"}}),
        ),
    ] {
        let error = Event::parse(&bad).unwrap_err();
        assert!(!error.contains("secret-value"), "{error}");
    }
}
