use std::fmt;

/// A syntactically plausible email address, trimmed and lower-cased.
///
/// Deliverability is not checked here; the portal only uses emails as login names.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(input: &str) -> Result<Self, String> {
        let candidate = input.trim().to_lowercase();
        if candidate.is_empty() {
            return Err("Enter an email address.".into());
        }
        if candidate.len() > Self::MAX_LEN {
            return Err(format!(
                "An email address has at most {} characters.",
                Self::MAX_LEN
            ));
        }
        let Some((local, domain)) = candidate.rsplit_once('@') else {
            return Err("Enter an email address like name@example.com.".into());
        };
        let plausible = !local.is_empty()
            && !domain.is_empty()
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !candidate
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>');
        if !plausible {
            return Err("Enter an email address like name@example.com.".into());
        }
        Ok(Self(candidate))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
#[path = "../../tests/unit/domain_email.rs"]
mod tests;
