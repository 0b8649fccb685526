//! Links: issuing, the end user's click, policies, session tokens and access links.

pub mod access_code;
pub mod access_links;
pub mod actions;
pub mod batch;
pub mod browser;
pub mod bulk;
pub mod click;
pub mod continuation;
pub mod first_contact;
pub mod inquiry_cache;
pub mod issue;
pub mod issue_recovery;
pub mod issue_request;
pub mod lifecycle;
pub mod mail;
pub mod outcome;
pub mod pages;
pub mod policy;
pub mod provider_inquiry;
pub mod recovery;
pub mod reissue;
pub mod reminders;
pub mod rescue;
pub mod resume_policy;
pub mod session_tokens;
pub mod snapshot;
pub mod static_links;
pub mod static_throttle;

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

pub use crate::{domain::FieldErrors, repo::links::LinkFilter};

/// The link's URL, decrypted from its stored token, for showing it again to the tenant.
pub fn link_url_of(
    state: &crate::state::AppState,
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
