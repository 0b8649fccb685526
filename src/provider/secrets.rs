//! Values that travel to or from the provider and must never reach a log line.
//!
//! They have no `Display`, and their `Debug` prints a placeholder, so `{:?}` on a struct that
//! holds one cannot leak it; reading the value takes an explicit `expose()`.

use std::fmt;

use crate::domain::random_token;

/// A session token from `meta.session-token`: whoever holds it can continue the inquiry.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionToken(String);

impl SessionToken {
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn into_exposed(self) -> String {
        self.0
    }
}

impl fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionToken(<redacted>)")
    }
}

/// A provider one-time link (`meta.one-time-link`): a URL that opens the inquiry once.
#[derive(Clone, PartialEq, Eq)]
pub struct OneTimeLink(String);

impl OneTimeLink {
    pub fn new(link: impl Into<String>) -> Self {
        Self(link.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn into_exposed(self) -> String {
        self.0
    }
}

impl fmt::Debug for OneTimeLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OneTimeLink(<redacted>)")
    }
}

/// The `Idempotency-Key` of one logical provider operation.
///
/// The caller owns it so that it can reuse one key across its own retries (a job that
/// restarts, a tenant that repeats a request); the client reuses it unchanged on each of its
/// internal retries, so a retry never creates a second inquiry.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// A fresh key with 128 random bits.
    pub fn generate() -> Self {
        Self(format!("idem_{}", random_token(16)))
    }

    /// Accepts 1 to 255 visible ASCII characters: anything else is not a valid header value
    /// everywhere.
    pub fn parse(input: &str) -> Result<Self, String> {
        let key = input.trim();
        let valid = (1..=255).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic());
        if valid {
            Ok(Self(key.to_owned()))
        } else {
            Err("An idempotency key is 1 to 255 visible ASCII characters without spaces.".into())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
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
}
