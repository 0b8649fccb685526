//! Unit tests of `src/domain/mod.rs` (a child module of it, so private items are in reach).

//! Decoders of untrusted input never panic, and accept only what they promise.
use proptest::prelude::*;

use super::*;

proptest! {
    #[test]
    fn link_tokens_accept_only_32_url_safe_characters(input in ".{0,64}") {
        if let Some(token) = LinkToken::parse(&input) {
            prop_assert_eq!(token.expose().len(), 32);
            prop_assert!(token.expose().bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        }
    }

    #[test]
    fn public_ids_keep_their_prefix_and_safe_characters(input in ".{0,80}") {
        if let Some(id) = PublicId::parse("lnk", &input) {
            prop_assert!(id.as_str().starts_with("lnk_"));
            prop_assert!(id.as_str().bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        }
    }

    #[test]
    fn emails_never_contain_whitespace_or_controls(input in "\\PC{0,300}") {
        if let Ok(email) = Email::parse(&input) {
            prop_assert!(email.as_str().len() <= Email::MAX_LEN);
            prop_assert!(!email.as_str().chars().any(|c| c.is_whitespace() || c.is_control()));
        }
    }

    #[test]
    fn prefill_values_are_bounded_and_single_line(value in "\\PC{0,300}") {
        for field in PrefillField::ALL {
            if let Ok(parsed) = field.parse_value(&value) {
                prop_assert!(parsed.chars().count() <= 200);
                prop_assert!(!parsed.chars().any(char::is_control));
            }
        }
    }

    #[test]
    fn lifetimes_are_positive_and_bounded(input in "-?[0-9]{0,20}") {
        if let Ok(lifetime) = Lifetime::parse(&input) {
            prop_assert!(lifetime.seconds() > 0);
            prop_assert!(lifetime.seconds() <= 10 * 365 * Lifetime::DAY);
        }
    }
}
