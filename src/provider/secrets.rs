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
#[path = "../../tests/unit/provider_secrets.rs"]
mod tests;
