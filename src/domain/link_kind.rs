//! The `links.kind` column.

use super::stored_enum::stored_enum;

stored_enum! {
    /// Dedicated: one inquiry per end user, created up front. Static: a new inquiry per visitor.
    pub enum LinkKind {
        Dedicated = "dedicated",
        Static = "static",
    }
}

impl LinkKind {
    pub fn parse(input: &str) -> Result<Self, String> {
        Self::from_stored(input.trim())
            .ok_or_else(|| "The kind must be “dedicated” or “static”.".into())
    }
}

#[cfg(test)]
#[path = "../../tests/unit/domain_link_kind.rs"]
mod tests;
