//! Unit tests of `src/domain/string_newtype.rs` (a child module of it, so private items are in reach).

use super::parse_prefixed;

#[test]
fn a_prefixed_id_needs_its_prefix_and_1_to_64_safe_characters() {
    assert_eq!(parse_prefixed(" inq_abc-D_9 ", "inq_"), Some("inq_abc-D_9"));
    assert_eq!(
        parse_prefixed(&format!("inq_{}", "a".repeat(64)), "inq_").map(str::len),
        Some(68)
    );
    assert_eq!(
        parse_prefixed(&format!("inq_{}", "a".repeat(65)), "inq_"),
        None
    );
    assert_eq!(parse_prefixed("inq_", "inq_"), None);
    assert_eq!(parse_prefixed("inq_a b", "inq_"), None);
    assert_eq!(parse_prefixed("inq_ä", "inq_"), None);
    assert_eq!(parse_prefixed("INQ_abc", "inq_"), None);
}
