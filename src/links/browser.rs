//! The portal's own persistent browser cookie: how a link remembers the browser that
//! started an inquiry, so closing the browser no longer loses access for that browser.

use actix_web::{
    cookie::{time::Duration, Cookie, SameSite},
    HttpRequest,
};

use crate::{crypto::sha256_hex, domain::random_token};

pub const COOKIE: &str = "portal_browser";
const SECURE_COOKIE: &str = "__Host-portal_browser";

/// This browser's identity: its hash (what the database keeps) and, when it is new, the
/// cookie to set.
pub struct BrowserId {
    pub hash: String,
    pub new_cookie: Option<Cookie<'static>>,
}

fn cookie_name(https: bool) -> &'static str {
    if https {
        SECURE_COOKIE
    } else {
        COOKIE
    }
}

pub fn identify(req: &HttpRequest, https: bool) -> BrowserId {
    let existing = req
        .cookie(cookie_name(https))
        .map(|cookie| cookie.value().to_owned())
        .filter(|value| value.len() >= 32 && value.len() <= 64);
    match existing {
        Some(value) => BrowserId {
            hash: sha256_hex(&value),
            new_cookie: None,
        },
        None => {
            let value = random_token(24);
            let cookie = Cookie::build(cookie_name(https), value.clone())
                .path("/")
                .http_only(true)
                .secure(https)
                .same_site(SameSite::Lax)
                .max_age(Duration::days(400))
                .finish();
            BrowserId {
                hash: sha256_hex(&value),
                new_cookie: Some(cookie),
            }
        }
    }
}
