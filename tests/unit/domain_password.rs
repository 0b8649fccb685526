//! Unit tests of `src/domain/password.rs` (a child module of it, so private items are in reach).

use super::Password;

#[test]
fn twelve_characters_are_enough() {
    assert!(Password::parse("abcdefghijkl").is_ok());
}

#[test]
fn eleven_characters_are_too_few() {
    assert!(Password::parse("abcdefghijk").is_err());
}

#[test]
fn length_counts_characters_not_bytes() {
    assert!(Password::parse(&"é".repeat(12)).is_ok());
    assert!(Password::parse(&"é".repeat(129)).is_err());
}

#[test]
fn debug_output_never_shows_the_password() {
    let password = Password::parse("correct horse battery").unwrap();
    assert!(!format!("{password:?}").contains("horse"));
}
