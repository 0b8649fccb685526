//! The hosted flow's browser-session cookie, one per inquiry: it holds the flow's CSRF
//! token and, once the browser has one, the inquiry's session token, the way Persona's
//! flow keeps the token in the tab. No Max-Age or Expires: closing the browser loses it,
//! which is exactly the situation the portal exists to handle.

use actix_web::{
    cookie::{Cookie, SameSite},
    HttpRequest,
};
use subtle::ConstantTimeEq;

use crate::{domain::random_token, error::AppError};

pub const PATH: &str = "/sandbox/verify";
const PREFIX: &str = "sbx_flow_";
pub const CSRF_FIELD: &str = "csrf_token";

#[derive(Clone, Debug)]
pub struct FlowCookie {
    pub csrf: String,
    pub session_token: Option<String>,
}

fn name(inquiry_id: &str) -> String {
    format!("{PREFIX}{inquiry_id}")
}

fn is_token(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 128
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl FlowCookie {
    pub fn fresh() -> Self {
        Self {
            csrf: random_token(24),
            session_token: None,
        }
    }

    /// `inquiry_id` must already be a parsed inquiry id: it becomes part of the cookie name.
    pub fn read(req: &HttpRequest, inquiry_id: &str) -> Option<Self> {
        let cookie = req.cookie(&name(inquiry_id))?;
        let (csrf, token) = match cookie.value().split_once('.') {
            Some((csrf, token)) => (csrf, Some(token)),
            None => (cookie.value(), None),
        };
        if !is_token(csrf) || token.is_some_and(|token| !is_token(token)) {
            return None;
        }
        Some(Self {
            csrf: csrf.to_owned(),
            session_token: token.map(str::to_owned),
        })
    }

    pub fn with_session_token(mut self, token: String) -> Self {
        self.session_token = Some(token);
        self
    }

    pub fn to_cookie(&self, inquiry_id: &str, secure: bool) -> Cookie<'static> {
        let value = match &self.session_token {
            Some(token) => format!("{}.{token}", self.csrf),
            None => self.csrf.clone(),
        };
        Cookie::build(name(inquiry_id), value)
            .path(PATH)
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(secure)
            .finish()
    }
}

/// Refuses a form post that did not come from this browser's own flow page.
pub fn verify_csrf(
    req: &HttpRequest,
    cookie: Option<&FlowCookie>,
    submitted: Option<&str>,
) -> Result<(), AppError> {
    let cross_site = req
        .headers()
        .get("sec-fetch-site")
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.eq_ignore_ascii_case("cross-site"));
    let matches = match (cookie, submitted) {
        (Some(cookie), Some(submitted)) => {
            bool::from(cookie.csrf.as_bytes().ct_eq(submitted.as_bytes()))
        }
        _ => false,
    };
    if cross_site || !matches {
        return Err(AppError::CsrfRejected);
    }
    Ok(())
}

#[cfg(test)]
#[path = "../../../tests/unit/sandbox_hosted_cookie.rs"]
mod tests;
