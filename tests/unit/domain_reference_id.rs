//! Unit tests of `src/domain/reference_id.rs` (a child module of it, so private items are in reach).

use super::ReferenceId;

#[test]
fn any_printable_text_is_kept_after_trimming() {
    let id = ReferenceId::parse("  customer 42 / Ünïcode ✓ ").unwrap();
    assert_eq!(id.as_str(), "customer 42 / Ünïcode ✓");
}

#[test]
fn empty_overlong_and_control_character_ids_are_refused_with_reasons() {
    assert!(ReferenceId::parse("   ").unwrap_err().contains("empty"));
    assert!(ReferenceId::parse(&"é".repeat(256))
        .unwrap_err()
        .contains("255"));
    assert!(ReferenceId::parse(&"é".repeat(255)).is_ok());
    assert!(ReferenceId::parse("a\nb").unwrap_err().contains("control"));
    assert!(ReferenceId::parse("a\u{7f}b").is_err());
}

#[test]
fn generated_ids_are_prefixed_random_and_valid() {
    let id = ReferenceId::generate();
    assert!(id.as_str().starts_with("ref_"));
    assert_eq!(id.as_str().len(), "ref_".len() + 22);
    assert_ne!(id, ReferenceId::generate());
    assert_eq!(ReferenceId::parse(id.as_str()), Ok(id));
}

#[test]
fn deserializing_validates_and_trims() {
    let id: ReferenceId = serde_json::from_str("\" abc \"").unwrap();
    assert_eq!(id.as_str(), "abc");
    assert!(serde_json::from_str::<ReferenceId>("\"\"").is_err());
}
