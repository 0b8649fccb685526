//! Unit tests of `src/domain/tenant_slug.rs` (a child module of it, so private items are in reach).

use super::TenantSlug;

#[test]
fn a_slug_is_lower_cased() {
    assert_eq!(
        TenantSlug::parse("Acme-Bank").unwrap().as_str(),
        "acme-bank"
    );
}

#[test]
fn odd_characters_and_edge_dashes_are_refused() {
    for bad in [
        "a",
        "-acme",
        "acme-",
        "ac me",
        "acme_bank",
        "ácme",
        &"a".repeat(65),
    ] {
        assert!(TenantSlug::parse(bad).is_err(), "{bad:?}");
    }
}
