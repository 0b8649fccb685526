//! Unit tests of `src/domain/public_id.rs` (a child module of it, so private items are in reach).

use super::*;

#[test]
fn generated_ids_carry_their_prefix_and_128_bits() {
    let id = PublicId::generate("usr");
    assert!(id.as_str().starts_with("usr_"));
    assert_eq!(id.as_str().len(), "usr_".len() + 22);
    assert_ne!(id, PublicId::generate("usr"));
}

#[test]
fn parse_accepts_its_own_ids_and_refuses_other_shapes() {
    let id = PublicId::generate("usr");
    assert_eq!(PublicId::parse("usr", id.as_str()), Some(id));
    assert_eq!(PublicId::parse("usr", "usr_"), None);
    assert_eq!(PublicId::parse("usr", "lnk_abcdefghijkl"), None);
    assert_eq!(PublicId::parse("usr", "usr_abc<script>def"), None);
    assert_eq!(PublicId::parse("usr", "42"), None);
}
