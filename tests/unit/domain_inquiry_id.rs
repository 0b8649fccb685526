//! Unit tests of `src/domain/inquiry_id.rs` (a child module of it, so private items are in reach).

use super::InquiryId;

#[test]
fn a_persona_inquiry_id_parses_and_prints_unchanged() {
    let id = InquiryId::parse("inq_zEx4jL84ShbUyuwX6AzPSqt6").unwrap();
    assert_eq!(id.as_str(), "inq_zEx4jL84ShbUyuwX6AzPSqt6");
    assert_eq!(id.to_string(), "inq_zEx4jL84ShbUyuwX6AzPSqt6");
}

#[test]
fn ids_of_other_kinds_and_odd_characters_are_refused_with_a_hint() {
    for bad in ["", "inq_", "itmpl_abc", "inq_abc/def", "inq_abc?x=1", "42"] {
        let error = InquiryId::parse(bad).unwrap_err();
        assert!(error.contains("inq_"), "{bad:?}: {error}");
    }
}

#[test]
fn json_round_trips_as_a_string_and_invalid_json_values_are_refused() {
    let id: InquiryId = serde_json::from_str("\"inq_abc\"").unwrap();
    assert_eq!(serde_json::to_string(&id).unwrap(), "\"inq_abc\"");
    assert!(serde_json::from_str::<InquiryId>("\"tmpl_abc\"").is_err());
}
