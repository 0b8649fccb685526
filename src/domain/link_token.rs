use std::fmt;

use super::random_token;

/// The secret in a link URL (`/l/{token}`, `/a/{code}`): 192 random bits, URL-safe.
///
/// `Debug` is redacted: a token must never reach a log.
#[derive(Clone, PartialEq, Eq)]
pub struct LinkToken(String);

impl LinkToken {
    const BYTES: usize = 24;
    const LEN: usize = 32;

    pub fn generate() -> Self {
        Self(random_token(Self::BYTES))
    }

    /// Accepts exactly the shape `generate` produces; anything else is unknown.
    pub fn parse(input: &str) -> Option<Self> {
        let valid = input.len() == Self::LEN
            && input
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        valid.then(|| Self(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// What the database stores for lookup.
    pub fn hash(&self) -> String {
        crate::crypto::sha256_hex(&self.0)
    }
}

impl fmt::Debug for LinkToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LinkToken(<redacted>)")
    }
}

#[cfg(test)]
#[path = "../../tests/unit/domain_link_token.rs"]
mod tests;
