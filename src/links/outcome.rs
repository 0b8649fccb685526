//! What an end user's request on a link ends in: a redirect or a clear page, never an
//! error dump, and the response every such answer shares.

use actix_web::{
    http::{header, StatusCode},
    HttpResponse,
};
use maud::Markup;

use crate::{domain::LinkState, entities::links, error::AppError, views::end_user};

/// The outcome of a click (or an access code, an access link), before it becomes a response.
pub enum Outcome {
    Redirect(String),
    Page(StatusCode, Markup),
}

impl Outcome {
    pub fn page(status: StatusCode, markup: Markup) -> Self {
        Outcome::Page(status, markup)
    }
}

/// Turns an outcome into a response every end-user answer shares: never cached, never
/// leaking the URL through Referer.
pub fn respond(
    outcome: Outcome,
    new_cookie: Option<actix_web::cookie::Cookie<'static>>,
) -> HttpResponse {
    let mut response = match outcome {
        Outcome::Redirect(location) => HttpResponse::Found()
            .insert_header((header::LOCATION, location))
            .finish(),
        Outcome::Page(status, markup) => HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(markup.into_string()),
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        header::HeaderValue::from_static("no-referrer"),
    );
    if let Some(cookie) = new_cookie {
        let _ = response.add_cookie(&cookie);
    }
    response
}

/// A provider or database failure as the end user sees it.
pub fn failure_page(error: &AppError) -> Outcome {
    match error {
        // The provider or the policy will not continue this inquiry.
        AppError::Conflict(_) => {
            Outcome::page(StatusCode::CONFLICT, end_user::refused_old_version())
        }
        AppError::NotFound => Outcome::page(StatusCode::NOT_FOUND, end_user::unknown_link()),
        // The policy's resume limit (or the provider's rate limit): nothing is wrong with
        // the link, it just has to wait.
        AppError::TooManyRequests { .. } | AppError::ProviderBusy { .. } => Outcome::page(
            StatusCode::TOO_MANY_REQUESTS,
            end_user::provider_unavailable(),
        ),
        other => {
            if let AppError::Internal(inner) = other {
                log::error!("link click failed: {inner:#}");
            } else {
                log::warn!("link click failed: {other}");
            }
            Outcome::page(
                StatusCode::SERVICE_UNAVAILABLE,
                end_user::provider_unavailable(),
            )
        }
    }
}

/// The link's own state, before anything about the inquiry.
pub fn link_state_page(link: &links::Model, at: i64) -> Option<Outcome> {
    match link.state {
        LinkState::Revoked => Some(Outcome::page(StatusCode::GONE, end_user::revoked_link())),
        LinkState::Expired => Some(Outcome::page(StatusCode::GONE, end_user::expired_link())),
        LinkState::Completed => Some(Outcome::page(StatusCode::OK, end_user::completed())),
        _ if link.expires_at <= at => {
            Some(Outcome::page(StatusCode::GONE, end_user::expired_link()))
        }
        LinkState::Paused => Some(Outcome::page(StatusCode::CONFLICT, end_user::paused())),
        LinkState::Active => None,
    }
}

/// The page for a link whose token matches nothing (or whose inquiry is gone).
pub fn unknown_link() -> Outcome {
    Outcome::page(StatusCode::NOT_FOUND, end_user::unknown_link())
}
