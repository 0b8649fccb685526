//! CSRF protection: a synchronizer token in the session (a per-browser cookie token
//! before login), sent back as the hidden `csrf_token` field of every form, plus a
//! refusal of anything the browser marks as cross-site.

use actix_session::SessionExt;
use actix_web::{
    cookie::{Cookie, SameSite},
    dev::Payload,
    http::header,
    web, FromRequest, HttpRequest,
};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use subtle::ConstantTimeEq;

use crate::{auth::current_user::CSRF, domain::random_token, error::AppError};

pub const LOGIN_CSRF_COOKIE: &str = "portal_login_csrf";
pub const FIELD: &str = "csrf_token";

/// The token to embed in the forms of a page.
#[derive(Clone, Debug)]
pub struct CsrfToken(pub String);

impl CsrfToken {
    /// The pre-login token: reuse this browser's cookie, or mint one (the caller sets it).
    pub fn for_login(req: &HttpRequest) -> (Self, Option<Cookie<'static>>) {
        match req.cookie(LOGIN_CSRF_COOKIE) {
            Some(cookie) if cookie.value().len() >= 22 => (Self(cookie.value().to_owned()), None),
            _ => {
                let token = random_token(32);
                let cookie = Cookie::build(LOGIN_CSRF_COOKIE, token.clone())
                    .path("/")
                    .http_only(true)
                    .same_site(SameSite::Strict)
                    .secure(req.connection_info().scheme() == "https")
                    .finish();
                (Self(token), Some(cookie))
            }
        }
    }
}

fn tokens_match(expected: &str, given: &str) -> bool {
    !expected.is_empty() && bool::from(expected.as_bytes().ct_eq(given.as_bytes()))
}

/// Checks the request's origin and the submitted token against this browser's tokens.
pub fn verify(req: &HttpRequest, submitted: Option<&str>) -> Result<(), AppError> {
    let cross_site = req
        .headers()
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("cross-site"));
    if cross_site {
        return Err(AppError::CsrfRejected);
    }
    let Some(submitted) = submitted else {
        return Err(AppError::CsrfRejected);
    };
    let session_token = req.get_session().get::<String>(CSRF).ok().flatten();
    let login_token = req.cookie(LOGIN_CSRF_COOKIE).map(|c| c.value().to_owned());
    let accepted = [session_token, login_token]
        .iter()
        .flatten()
        .any(|expected| tokens_match(expected, submitted));
    if accepted {
        Ok(())
    } else {
        Err(AppError::CsrfRejected)
    }
}

/// A url-encoded form whose CSRF token has been checked before the handler runs.
pub struct ProtectedForm<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for ProtectedForm<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let body = web::Bytes::from_request(&req, payload);
        Box::pin(async move {
            let is_form = req
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
            if !is_form {
                return Err(AppError::BadRequest(
                    "Send the form as application/x-www-form-urlencoded.".into(),
                ));
            }
            let body = body.await.map_err(|_| AppError::PayloadTooLarge)?;
            let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body)
                .map_err(|_| AppError::BadRequest("The form could not be read.".into()))?;
            let submitted = pairs
                .iter()
                .find(|(name, _)| name == FIELD)
                .map(|(_, value)| value.as_str());
            verify(&req, submitted)?;
            let form = serde_urlencoded::from_bytes::<T>(&body)
                .map_err(|_| AppError::BadRequest("The form is missing fields.".into()))?;
            Ok(ProtectedForm(form))
        })
    }
}

#[cfg(test)]
#[path = "../../tests/unit/auth_csrf.rs"]
mod tests;
