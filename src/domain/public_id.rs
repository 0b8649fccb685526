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
mod tests {
    use super::*;

    #[test]
    fn generated_ids_carry_their_prefix_and_128_bits() {
        let id = PublicId::generate("usr");
        assert!(id.as_str().starts_with("usr_"));
        assert_eq!(id.as_str().len(), "usr_".len() + 22);
        assert_ne!(id, PublicId::generate("usr"));
    }

    #[test]
    fn parse_accepts_its_own_ids_and_refuses_other_shapes() {
        let id = PublicId::generate("usr");
        assert_eq!(PublicId::parse("usr", id.as_str()), Some(id));
        assert_eq!(PublicId::parse("usr", "usr_"), None);
        assert_eq!(PublicId::parse("usr", "lnk_abcdefghijkl"), None);
        assert_eq!(PublicId::parse("usr", "usr_abc<script>def"), None);
        assert_eq!(PublicId::parse("usr", "42"), None);
    }
}
