//! Unit tests of `src/provider/wire.rs` (a child module of it, so private items are in reach).

use serde_json::json;

use super::*;

fn inquiry(attributes: Value) -> Result<Inquiry, ProviderError> {
    let resource: InquiryResource = serde_json::from_value(json!({
        "type": "inquiry", "id": "inq_abc", "attributes": attributes
    }))
    .map_err(|e| ProviderError::decode("inquiry", &e))?;
    resource.into_inquiry()
}

#[test]
fn typed_fields_win_over_flat_attributes_and_nulls_are_dropped() {
    let inquiry = inquiry(json!({
        "status": "pending",
        "name-first": "Flat",
        "name-last": "Doe",
        "birthdate": null,
        "fields": {
            "name-first": {"type": "string", "value": "Typed"},
            "name-middle": {"type": "string", "value": null},
            "birthdate": {"type": "date", "value": "1990-01-01"},
            "plain": "kept"
        }
    }))
    .unwrap();
    assert_eq!(inquiry.fields["name-first"], json!("Typed"));
    assert_eq!(inquiry.fields["name-last"], json!("Doe"));
    assert_eq!(inquiry.fields["birthdate"], json!("1990-01-01"));
    assert_eq!(inquiry.fields["plain"], json!("kept"));
    assert!(!inquiry.fields.contains_key("name-middle"));
}

#[test]
fn an_empty_reference_id_is_none_and_a_bad_inquiry_id_is_a_decode_error() {
    let parsed = inquiry(json!({"status": "created", "reference-id": ""})).unwrap();
    assert_eq!(parsed.reference_id, None);
    let resource: InquiryResource = serde_json::from_value(json!({
        "type": "inquiry", "id": "not-an-inquiry", "attributes": {"status": "created"}
    }))
    .unwrap();
    assert!(matches!(
        resource.into_inquiry(),
        Err(ProviderError::Decode { .. })
    ));
}

#[test]
fn a_next_link_yields_its_page_after_cursor() {
    let links = Links {
        next: Some("/api/v1/inquiries?page%5Bafter%5D=inq_ByBdXDqUrguLAHjGZMuDZLCx".into()),
    };
    assert_eq!(
        next_cursor(Some(links)).as_deref(),
        Some("inq_ByBdXDqUrguLAHjGZMuDZLCx")
    );
    assert_eq!(next_cursor(Some(Links { next: None })), None);
    assert_eq!(next_cursor(None), None);
}
