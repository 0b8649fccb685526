//! Unit tests of `src/domain/tenant_name.rs` (a child module of it, so private items are in reach).

use super::TenantName;

#[test]
fn a_name_is_trimmed() {
    assert_eq!(
        TenantName::parse("  Acme Bank ").unwrap().as_str(),
        "Acme Bank"
    );
}

#[test]
fn empty_long_and_control_names_are_refused() {
    assert!(TenantName::parse("  ").is_err());
    assert!(TenantName::parse(&"x".repeat(201)).is_err());
    assert!(TenantName::parse("Acme\nBank").is_err());
}
