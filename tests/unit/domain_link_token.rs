//! Unit tests of `src/domain/link_token.rs` (a child module of it, so private items are in reach).

use super::LinkToken;

#[test]
fn generated_tokens_parse_and_differ() {
    let token = LinkToken::generate();
    assert_eq!(LinkToken::parse(token.expose()), Some(token.clone()));
    assert_ne!(LinkToken::generate(), token);
}

#[test]
fn other_shapes_are_unknown() {
    for bad in [
        "",
        "short",
        &"a".repeat(33),
        &format!("{}!", "a".repeat(31)),
        "../../etc/passwd",
    ] {
        assert_eq!(LinkToken::parse(bad), None, "{bad:?}");
    }
}

#[test]
fn debug_never_shows_the_token() {
    let token = LinkToken::generate();
    assert!(!format!("{token:?}").contains(token.expose()));
}

#[test]
fn the_hash_is_stable_and_not_the_token() {
    let token = LinkToken::generate();
    assert_eq!(token.hash(), token.hash());
    assert_ne!(token.hash(), token.expose());
}
