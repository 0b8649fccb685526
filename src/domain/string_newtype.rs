//! The trait impls every string newtype shares, so each type's file holds only its rules.

/// Implements `Display`, `FromStr`, `AsRef<str>`, `Serialize` and a validating
/// `Deserialize` for a tuple newtype over `String` that has `parse(&str) -> Result<Self, String>`.
macro_rules! string_newtype_impls {
    ($name:ident) => {
        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;

            fn from_str(input: &str) -> Result<Self, Self::Err> {
                Self::parse(input)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        // Deserializing goes through `parse`, so a value read from JSON is as valid as one
        // typed into a form.
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Self::parse(&raw).map_err(serde::de::Error::custom)
            }
        }
    };
}

pub(crate) use string_newtype_impls;

/// Checks `{prefix}` followed by 1 to 64 letters, digits, dashes or underscores: the shape of
/// the provider's ids. Returns the trimmed id.
pub(crate) fn parse_prefixed<'a>(input: &'a str, prefix: &str) -> Option<&'a str> {
    let id = input.trim();
    let rest = id.strip_prefix(prefix)?;
    let valid = (1..=64).contains(&rest.len())
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    valid.then_some(id)
}

#[cfg(test)]
#[path = "../../tests/unit/domain_string_newtype.rs"]
mod tests;
