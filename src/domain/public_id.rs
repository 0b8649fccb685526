use rand::RngCore;

/// An id that may leave the server: a prefix naming the kind, then 128 random bits.
///
/// Internal integer keys never appear in URLs; these do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicId(String);

impl PublicId {
    pub fn generate(prefix: &str) -> Self {
        Self(format!("{prefix}_{}", random_token(16)))
    }

    /// Accepts a string that has the shape of an id with this prefix.
    pub fn parse(prefix: &str, input: &str) -> Option<Self> {
        let rest = input.strip_prefix(prefix)?.strip_prefix('_')?;
        let valid = (8..=64).contains(&rest.len())
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        valid.then(|| Self(input.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// `bytes` random bytes from the OS CSPRNG, URL-safe base64 without padding.
pub fn random_token(bytes: usize) -> String {
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
    let mut buffer = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buffer);
    URL_SAFE_NO_PAD.encode(buffer)
}

#[cfg(test)]
#[path = "../../tests/unit/domain_public_id.rs"]
mod tests;
