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
#[path = "../../tests/unit/domain_reference_id.rs"]
mod tests;
