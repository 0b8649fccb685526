//! Unit tests of `src/provider/secrets.rs` (a child module of it, so private items are in reach).

use super::*;

#[test]
fn debug_output_never_shows_a_token_or_a_link() {
    let token = SessionToken::new("eyJhbGciOiJIUzI1NiJ9.secret");
    let link = OneTimeLink::new("https://withpersona.com/verify?code=us1-asdf");
    let printed = format!("{token:?} {link:?} {:?}", Some(&token));
    assert!(!printed.contains("secret"));
    assert!(!printed.contains("us1-asdf"));
    assert_eq!(token.expose(), "eyJhbGciOiJIUzI1NiJ9.secret");
}

#[test]
fn generated_idempotency_keys_are_unique_and_valid_header_values() {
    let key = IdempotencyKey::generate();
    assert_ne!(key, IdempotencyKey::generate());
    assert_eq!(IdempotencyKey::parse(key.as_str()), Ok(key));
}

#[test]
fn idempotency_keys_with_spaces_controls_or_no_characters_are_refused() {
    for bad in ["", "a b", "a\nb", "ü", &"k".repeat(256)] {
        assert!(IdempotencyKey::parse(bad).is_err(), "{bad:?}");
    }
}
