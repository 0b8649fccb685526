//! The part of an email address after the `@`, as single sign-on matches it.

use std::fmt;

use super::Email;

/// A lower-case DNS name with at least two labels (`example.com`), without a leading `@`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EmailDomain(String);

impl EmailDomain {
    pub const MAX_LEN: usize = 253;

    pub fn parse(input: &str) -> Result<Self, String> {
        let candidate = input.trim().trim_start_matches('@').to_lowercase();
        let invalid = || format!("“{}” is not a domain like example.com.", input.trim());
        if candidate.is_empty() || candidate.len() > Self::MAX_LEN {
            return Err(invalid());
        }
        let labels: Vec<&str> = candidate.split('.').collect();
        let label_ok = |label: &&str| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        };
        if labels.len() < 2 || !labels.iter().all(label_ok) {
            return Err(invalid());
        }
        Ok(Self(candidate))
    }

    /// The domain of an address, when it is one single sign-on could know.
    pub fn of(email: &Email) -> Option<Self> {
        let (_, domain) = email.as_str().rsplit_once('@')?;
        Self::parse(domain).ok()
    }

    /// Several domains separated by commas, spaces or new lines, without repeats; every
    /// one that does not parse is reported.
    pub fn parse_list(input: &str) -> Result<Vec<Self>, String> {
        let mut domains = Vec::new();
        let mut wrong = Vec::new();
        for part in input.split(|c: char| c == ',' || c.is_whitespace()) {
            if part.trim().is_empty() {
                continue;
            }
            match Self::parse(part) {
                Ok(domain) if !domains.contains(&domain) => domains.push(domain),
                Ok(_) => {}
                Err(_) => wrong.push(part.trim().to_owned()),
            }
        }
        if !wrong.is_empty() {
            return Err(format!(
                "Not a domain like example.com: {}.",
                wrong.join(", ")
            ));
        }
        domains.sort();
        Ok(domains)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EmailDomain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
#[path = "../../tests/unit/domain_email_domain.rs"]
mod tests;
