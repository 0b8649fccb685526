//! Links: issuing, the end user's click, policies, session tokens and access links.

pub mod access_code;
pub mod access_links;
pub mod browser;
pub mod cache;
pub mod click;
pub mod clicks;
pub mod inquiry_cache;
pub mod issue;
pub mod lifecycle;
pub mod policy;
pub mod reissue;
pub mod resume_policy;
pub mod session_tokens;
pub mod static_links;

/// The hourly limits (resumes and access links per inquiry) count what happened in the
/// last hour.
pub const LIMIT_WINDOW_SECONDS: i64 = 3600;

/// Over an hourly limit of `limit` with events at `times` (oldest first, all within the
/// last hour): the seconds until enough of them leave the window for one more, for
/// `Retry-After`. `None` while under the limit.
pub fn retry_after(times: &[i64], limit: i32, at: i64) -> Option<u64> {
    let limit = usize::try_from(limit).unwrap_or(0);
    if times.len() < limit {
        return None;
    }
    let must_leave = times.len() - limit;
    let leaves_at = times
        .get(must_leave)
        .map_or(at, |t| t + LIMIT_WINDOW_SECONDS);
    Some(u64::try_from(leaves_at - at).unwrap_or(0).max(1))
}

/// Errors by field name (`template_id`, `fields[name-first]`, …), for forms and the API.
#[derive(Default, Debug, Clone)]
pub struct FieldErrors {
    pub by_field: Vec<(String, String)>,
    pub general: Option<String>,
}

impl FieldErrors {
    pub fn get(&self, field: &str) -> Option<&str> {
        self.by_field
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, message)| message.as_str())
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.by_field.push((field.to_owned(), message.into()));
    }

    pub fn is_empty(&self) -> bool {
        self.by_field.is_empty() && self.general.is_none()
    }

    /// One sentence for the JSON API: `field: message; field: message`.
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = self
            .by_field
            .iter()
            .map(|(field, message)| format!("{field}: {message}"))
            .collect();
        if let Some(general) = &self.general {
            parts.push(general.clone());
        }
        parts.join("; ")
    }
}

/// The link's URL, decrypted from its stored token, for showing it again to the tenant.
pub fn link_url_of(
    state: &crate::startup::AppState,
    link: &crate::entities::links::Model,
) -> Result<String, crate::error::AppError> {
    let token = state
        .cipher
        .decrypt(
            &link.token_encrypted,
            &format!("link-token:{}", link.token_hash),
        )
        .map_err(crate::error::AppError::internal)?;
    Ok(format!("{}/l/{token}", state.settings.public_url))
}

#[cfg(test)]
#[path = "../../tests/unit/links.rs"]
mod tests;
