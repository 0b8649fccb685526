use std::fmt;

/// A tenant's short name used by the CLI and the operator area: `acme`, `north-bank`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TenantSlug(String);

impl TenantSlug {
    pub fn parse(input: &str) -> Result<Self, String> {
        let slug = input.trim().to_lowercase();
        let valid = (2..=64).contains(&slug.len())
            && slug
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !slug.starts_with('-')
            && !slug.ends_with('-');
        if valid {
            Ok(Self(slug))
        } else {
            Err("Use 2 to 64 lower-case letters, digits and dashes, like “acme-bank”.".into())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TenantSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
#[path = "../../tests/unit/domain_tenant_slug.rs"]
mod tests;
