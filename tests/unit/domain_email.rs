//! Unit tests of `src/domain/email.rs` (a child module of it, so private items are in reach).

use super::Email;

#[test]
fn an_address_is_trimmed_and_lower_cased() {
    assert_eq!(
        Email::parse("  Ana@Example.COM ").unwrap().as_str(),
        "ana@example.com"
    );
}

#[test]
fn local_addresses_are_accepted() {
    assert!(Email::parse("admin@localhost").is_ok());
}

#[test]
fn malformed_addresses_are_refused() {
    for bad in [
        "",
        "   ",
        "no-at-sign",
        "@example.com",
        "ana@",
        "ana@.com",
        "a na@example.com",
        "ana@exa\nmple.com",
    ] {
        assert!(Email::parse(bad).is_err(), "{bad:?} should be refused");
    }
}

#[test]
fn an_over_long_address_is_refused() {
    let long = format!("{}@example.com", "a".repeat(250));
    assert!(Email::parse(&long).is_err());
}
