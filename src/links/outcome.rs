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
    /// A page that asks to come back later: a 429 or 503 with `Retry-After` in seconds.
    Retry(StatusCode, Markup, u64),
}

impl Outcome {
    pub fn page(status: StatusCode, markup: Markup) -> Self {
        Outcome::Page(status, markup)
    }
}

/// Turns an outcome into a response every end-user answer shares: never cached, never
/// leaking the URL through Referer. A redirect is a 302.
pub fn respond(
    outcome: Outcome,
    new_cookie: Option<actix_web::cookie::Cookie<'static>>,
) -> HttpResponse {
    build(outcome, new_cookie, StatusCode::FOUND)
}

/// [`respond`] for the answer to a POST: a redirect is a 303, so the browser GETs the
/// hosted flow (Post/Redirect/Get).
pub fn respond_to_post(
    outcome: Outcome,
    new_cookie: Option<actix_web::cookie::Cookie<'static>>,
) -> HttpResponse {
    build(outcome, new_cookie, StatusCode::SEE_OTHER)
}

fn build(
    outcome: Outcome,
    new_cookie: Option<actix_web::cookie::Cookie<'static>>,
    redirect: StatusCode,
) -> HttpResponse {
    let mut response = match outcome {
        Outcome::Redirect(location) => HttpResponse::build(redirect)
            .insert_header((header::LOCATION, location))
            .finish(),
        Outcome::Page(status, markup) => HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(markup.into_string()),
        Outcome::Retry(status, markup, seconds) => HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .insert_header((header::RETRY_AFTER, seconds.to_string()))
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
    failure_page_of_link(error, None)
}

/// A failure on a link's page: where the resume is refused, the person may have a new
/// link emailed (`recover`, the form's action).
pub fn failure_page_of_link(error: &AppError, recover: Option<&str>) -> Outcome {
    match error {
        // The provider or the policy will not continue this inquiry.
        AppError::Conflict(_) => {
            Outcome::page(StatusCode::CONFLICT, end_user::refused_old_version(recover))
        }
        AppError::NotFound => Outcome::page(StatusCode::NOT_FOUND, end_user::unknown_link()),
        // The policy's resume limit (or the provider's rate limit): nothing is wrong with
        // the link, it just has to wait.
        AppError::TooManyRequests {
            retry_after_seconds,
        }
        | AppError::ProviderBusy {
            retry_after_seconds,
        } => Outcome::Retry(
            StatusCode::TOO_MANY_REQUESTS,
            end_user::provider_unavailable(),
            *retry_after_seconds,
        ),
        other => {
            if let AppError::Internal(inner) = other {
                log::error!("link click failed: {inner:#}");
            } else {
                log::warn!("link click failed: {other}");
            }
            let page = end_user::provider_unavailable();
            // The provider past its deadline (or another outage that clears): the same
            // link works again in a moment, and finds what this attempt may have created.
            match other.retry_after() {
                Some(seconds) => Outcome::Retry(StatusCode::SERVICE_UNAVAILABLE, page, seconds),
                None => Outcome::page(StatusCode::SERVICE_UNAVAILABLE, page),
            }
        }
    }
}

/// The link's own state, before anything about the inquiry.
/// `recover`: where "Email me a new link" posts, on a dead end (`/l/{token}/recover`).
pub fn link_state_page(link: &links::Model, at: i64, recover: Option<&str>) -> Option<Outcome> {
    match link.state {
        LinkState::Revoked => Some(Outcome::page(StatusCode::GONE, end_user::revoked_link())),
        LinkState::Expired => Some(Outcome::page(
            StatusCode::GONE,
            end_user::expired_link(recover),
        )),
        LinkState::Completed => Some(Outcome::page(StatusCode::OK, end_user::completed())),
        _ if link.expires_at <= at => Some(Outcome::page(
            StatusCode::GONE,
            end_user::expired_link(recover),
        )),
        LinkState::Paused => Some(Outcome::page(StatusCode::CONFLICT, end_user::paused())),
        LinkState::Active => None,
    }
}

/// The page for a link whose token matches nothing (or whose inquiry is gone).
pub fn unknown_link() -> Outcome {
    Outcome::page(StatusCode::NOT_FOUND, end_user::unknown_link())
}
