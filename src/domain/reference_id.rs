use super::{random_token, string_newtype::string_newtype_impls};

/// The opaque id a tenant uses to group inquiries of one person on one provider account.
///
/// It is the tenant's own key, so anything printable is accepted: 1 to 255 characters after
/// trimming, no control characters (they would corrupt headers, logs and CSV exports).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReferenceId(String);

const MAX_CHARS: usize = 255;

impl ReferenceId {
    pub fn parse(input: &str) -> Result<Self, String> {
        let id = input.trim();
        if id.is_empty() {
            return Err("A reference id must not be empty.".into());
        }
        if id.chars().count() > MAX_CHARS {
            return Err(format!(
                "A reference id is at most {MAX_CHARS} characters long."
            ));
        }
        if id.chars().any(char::is_control) {
            return Err(
                "A reference id must not contain control characters such as line breaks or tabs."
                    .into(),
            );
        }
        Ok(Self(id.to_owned()))
    }

    /// A fresh reference id with 128 random bits, for static links that ask for one.
    pub fn generate() -> Self {
        Self(format!("ref_{}", random_token(16)))
    }
}

string_newtype_impls!(ReferenceId);

#[cfg(test)]
mod tests {
    use super::ReferenceId;

    #[test]
    fn any_printable_text_is_kept_after_trimming() {
        let id = ReferenceId::parse("  customer 42 / Ünïcode ✓ ").unwrap();
        assert_eq!(id.as_str(), "customer 42 / Ünïcode ✓");
    }

    #[test]
    fn empty_overlong_and_control_character_ids_are_refused_with_reasons() {
        assert!(ReferenceId::parse("   ").unwrap_err().contains("empty"));
        assert!(ReferenceId::parse(&"é".repeat(256))
            .unwrap_err()
            .contains("255"));
        assert!(ReferenceId::parse(&"é".repeat(255)).is_ok());
        assert!(ReferenceId::parse("a\nb").unwrap_err().contains("control"));
        assert!(ReferenceId::parse("a\u{7f}b").is_err());
    }

    #[test]
    fn generated_ids_are_prefixed_random_and_valid() {
        let id = ReferenceId::generate();
        assert!(id.as_str().starts_with("ref_"));
        assert_eq!(id.as_str().len(), "ref_".len() + 22);
        assert_ne!(id, ReferenceId::generate());
        assert_eq!(ReferenceId::parse(id.as_str()), Ok(id));
    }

    #[test]
    fn deserializing_validates_and_trims() {
        let id: ReferenceId = serde_json::from_str("\" abc \"").unwrap();
        assert_eq!(id.as_str(), "abc");
        assert!(serde_json::from_str::<ReferenceId>("\"\"").is_err());
    }
}
