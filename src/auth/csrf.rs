//! CSRF protection: a synchronizer token in the session, sent back as the hidden
//! `csrf_token` field of every form, plus a refusal of anything the browser marks as
//! cross-site.
//!
//! Before login there is no session, so the login form alone uses a double-submit cookie.
//! That cookie can be planted (by a sibling subdomain, or over plain HTTP), so it never
//! vouches for anything but the login form: a signed-in form needs the session's token.

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

use crate::{auth::current_user::CSRF, domain::random_token, error::AppError, state::AppState};

pub const LOGIN_CSRF_COOKIE: &str = "portal_login_csrf";
/// The name behind https: the `__Host-` prefix makes browsers refuse the cookie unless it
/// is Secure, host-only and `Path=/`, so no other host and no plain-HTTP answer can set it.
pub const SECURE_LOGIN_CSRF_COOKIE: &str = "__Host-portal_login_csrf";
pub const FIELD: &str = "csrf_token";

/// The token to embed in the forms of a page.
#[derive(Clone, Debug)]
pub struct CsrfToken(pub String);

/// Whether the portal's public URL is https; without the state (never in the app), the
/// stricter answer.
fn behind_https(req: &HttpRequest) -> bool {
    req.app_data::<web::Data<AppState>>()
        .is_none_or(|state| state.settings.public_url_is_https())
}

fn login_cookie_name(req: &HttpRequest) -> &'static str {
    if behind_https(req) {
        SECURE_LOGIN_CSRF_COOKIE
    } else {
        LOGIN_CSRF_COOKIE
    }
}

impl CsrfToken {
    /// The pre-login token: reuse this browser's cookie, or mint one (the caller sets it).
    pub fn for_login(req: &HttpRequest) -> (Self, Option<Cookie<'static>>) {
        let name = login_cookie_name(req);
        match req.cookie(name) {
            Some(cookie) if cookie.value().len() >= 22 => (Self(cookie.value().to_owned()), None),
            _ => {
                let token = random_token(32);
                let cookie = Cookie::build(name, token.clone())
                    .path("/")
                    .http_only(true)
                    .same_site(SameSite::Strict)
                    .secure(behind_https(req))
                    .finish();
                (Self(token), Some(cookie))
            }
        }
    }
}

fn tokens_match(expected: &str, given: &str) -> bool {
    !expected.is_empty() && bool::from(expected.as_bytes().ct_eq(given.as_bytes()))
}

/// Which token a form must carry.
#[derive(Clone, Copy)]
enum Expected {
    /// The signed-in session's token: every form but the login form.
    SessionToken,
    /// The pre-login cookie's token: the login form only.
    LoginCookie,
}

/// Checks the request's origin and the submitted token against the one `expected`.
fn verify(req: &HttpRequest, submitted: Option<&str>, expected: Expected) -> Result<(), AppError> {
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
    let token = match expected {
        Expected::SessionToken => req.get_session().get::<String>(CSRF).ok().flatten(),
        Expected::LoginCookie => req
            .cookie(login_cookie_name(req))
            .map(|c| c.value().to_owned()),
    };
    if token.is_some_and(|token| tokens_match(&token, submitted)) {
        Ok(())
    } else {
        Err(AppError::CsrfRejected)
    }
}

/// Checks a signed-in form's origin and submitted token (for bodies other than url-encoded
/// forms, such as uploads).
pub fn verify_signed_in(req: &HttpRequest, submitted: Option<&str>) -> Result<(), AppError> {
    verify(req, submitted, Expected::SessionToken)
}

/// The header a page's script sends its form's token in, for JSON requests.
pub const HEADER: &str = "x-csrf-token";

fn header_token(req: &HttpRequest) -> Option<&str> {
    req.headers().get(HEADER).and_then(|v| v.to_str().ok())
}

/// Checks a signed-in page's JSON request: its origin and the session token in the header.
pub fn verify_signed_in_json(req: &HttpRequest) -> Result<(), AppError> {
    verify(req, header_token(req), Expected::SessionToken)
}

/// Checks a JSON request of the login page: its origin and the pre-login cookie's token in
/// the header.
pub fn verify_login_json(req: &HttpRequest) -> Result<(), AppError> {
    verify(req, header_token(req), Expected::LoginCookie)
}

/// A url-encoded form of a signed-in page, whose session CSRF token has been checked
/// before the handler runs.
pub struct ProtectedForm<T>(pub T);

/// The login form, whose pre-login cookie token has been checked before the handler runs.
pub struct LoginCsrfForm<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for ProtectedForm<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let form = checked_form(req, payload, Expected::SessionToken);
        Box::pin(async move { form.await.map(ProtectedForm) })
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for LoginCsrfForm<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let form = checked_form(req, payload, Expected::LoginCookie);
        Box::pin(async move { form.await.map(LoginCsrfForm) })
    }
}

/// Reads a url-encoded body, checks its `csrf_token` against the one `expected`, then
/// decodes it into `T`.
fn checked_form<T: DeserializeOwned + 'static>(
    req: &HttpRequest,
    payload: &mut Payload,
    expected: Expected,
) -> LocalBoxFuture<'static, Result<T, AppError>> {
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
        verify(&req, submitted, expected)?;
        serde_urlencoded::from_bytes::<T>(&body)
            .map_err(|_| AppError::BadRequest("The form is missing fields.".into()))
    })
}

#[cfg(test)]
#[path = "../../tests/unit/auth_csrf.rs"]
mod tests;
