//! Unit tests of `src/auth/csrf.rs` (a child module of it, so private items are in reach).

use super::tokens_match;

#[test]
fn tokens_must_match_exactly_and_never_when_empty() {
    assert!(tokens_match("abc", "abc"));
    assert!(!tokens_match("abc", "abd"));
    assert!(!tokens_match("abc", "ab"));
    assert!(!tokens_match("", ""));
}
