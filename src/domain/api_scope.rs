//! What an API key may do: its scopes, stored as a space-separated list (NULL = every
//! scope, which is what keys created before scopes existed, or without any, have).

use super::stored_enum::stored_enum;

stored_enum! {
    /// One permission of an API key. Each API route requires exactly one.
    pub enum ApiScope {
        LinksRead = "links:read",
        LinksWrite = "links:write",
        InquiriesRead = "inquiries:read",
        TokensWrite = "tokens:write",
        WebhooksManage = "webhooks:manage",
    }
}

impl ApiScope {
    pub fn describe(self) -> &'static str {
        match self {
            ApiScope::LinksRead => "Read links",
            ApiScope::LinksWrite => "Issue, extend, pause, resume and revoke links",
            ApiScope::InquiriesRead => "Read inquiries",
            ApiScope::TokensWrite => "Create session tokens and access links",
            ApiScope::WebhooksManage => "Manage webhook endpoints and replay deliveries",
        }
    }

    const fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A set of scopes; small and `Copy`, so a cached key carries it for free.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiScopes(u8);

impl ApiScopes {
    pub const NONE: ApiScopes = ApiScopes(0);

    pub fn all() -> Self {
        ApiScope::ALL.into_iter().collect()
    }

    pub fn contains(self, scope: ApiScope) -> bool {
        self.0 & scope.bit() != 0
    }

    pub fn is_all(self) -> bool {
        self == Self::all()
    }

    pub fn iter(self) -> impl Iterator<Item = ApiScope> {
        ApiScope::ALL.into_iter().filter(move |s| self.contains(*s))
    }

    /// Parses a list typed by a person or a command line (commas or spaces between
    /// scopes). An empty list is refused: a key that may do nothing is a mistake.
    pub fn parse_list(input: &str) -> Result<Self, String> {
        let mut scopes = Self::NONE;
        for word in input
            .split([',', ' '])
            .map(str::trim)
            .filter(|w| !w.is_empty())
        {
            let scope = ApiScope::from_stored(word).ok_or_else(|| {
                format!(
                    "Unknown scope “{word}”; choose from {}.",
                    Self::all().to_list()
                )
            })?;
            scopes = scopes.with(scope);
        }
        if scopes == Self::NONE {
            return Err("Choose at least one scope.".into());
        }
        Ok(scopes)
    }

    /// The scopes of a stored column: NULL means every scope. A word this version does
    /// not know grants nothing.
    pub fn from_stored(stored: Option<&str>) -> Self {
        match stored {
            None => Self::all(),
            Some(list) => list
                .split_whitespace()
                .filter_map(ApiScope::from_stored)
                .collect(),
        }
    }

    pub fn to_stored(self) -> String {
        self.iter()
            .map(ApiScope::as_str)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// `links:read, tokens:write`: for people.
    pub fn to_list(self) -> String {
        self.iter()
            .map(ApiScope::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn with(self, scope: ApiScope) -> Self {
        ApiScopes(self.0 | scope.bit())
    }
}

impl FromIterator<ApiScope> for ApiScopes {
    fn from_iter<I: IntoIterator<Item = ApiScope>>(iter: I) -> Self {
        iter.into_iter().fold(Self::NONE, Self::with)
    }
}

#[cfg(test)]
#[path = "../../tests/unit/domain_api_scope.rs"]
mod tests;
