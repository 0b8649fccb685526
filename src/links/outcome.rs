//! What an end user's request on a link ends in: a redirect or a clear page, never an
//! error dump, and the response every such answer shares.

use actix_web::{
    http::{
        header::{self, HeaderValue},
        StatusCode,
    },
    HttpRequest, HttpResponse,
};

use crate::{
    domain::{Language, LinkState},
    entities::links,
    error::AppError,
    state::AppState,
    views::end_user::{self, EndUserContext, View},
};

/// Whose link an answer is about, once the service knows: the tenant whose brand the page
/// wears, and the language the tenant chose for the link. Unknown parts fall back at the
/// edge, to the portal's own look and the browser's `Accept-Language`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Audience {
    pub tenant_id: Option<i32>,
    pub language: Option<Language>,
}

impl Audience {
    pub fn of_link(link: &links::Model) -> Self {
        Self {
            tenant_id: Some(link.tenant_id),
            language: link.language,
        }
    }

    /// The language the person reads: the link's, else the browser's first choice we speak.
    pub fn language(&self, req: &HttpRequest) -> Language {
        self.language.unwrap_or_else(|| {
            let accepted = req
                .headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|value| value.to_str().ok());
            Language::from_accept_language(accepted)
        })
    }
}

/// What a click (or an access code, an access link) answers, before it becomes a response.
enum Answer {
    /// Into the hosted flow: the URL, still without its `language`.
    Flow(String),
    /// A page; `retry_after` (seconds) for one that asks to come back later (429, 503).
    Page {
        status: StatusCode,
        view: View,
        retry_after: Option<u64>,
    },
}

/// The outcome of a click (or an access code, an access link), before it becomes a response.
pub struct Outcome {
    answer: Answer,
    audience: Audience,
}

impl Outcome {
    pub fn page(status: StatusCode, view: View) -> Self {
        Self::with(Answer::Page {
            status,
            view,
            retry_after: None,
        })
    }

    /// A page that asks to come back later: a 429 or 503 with `Retry-After` in seconds.
    pub fn retry(status: StatusCode, view: View, seconds: u64) -> Self {
        Self::with(Answer::Page {
            status,
            view,
            retry_after: Some(seconds),
        })
    }

    /// Into the hosted flow at `url` (the edge adds the person's `language`).
    pub fn flow(url: String) -> Self {
        Self::with(Answer::Flow(url))
    }

    fn with(answer: Answer) -> Self {
        Self {
            answer,
            audience: Audience::default(),
        }
    }

    /// The answer about something of `tenant_id`'s, before its link is known: in its brand.
    pub fn of_tenant(mut self, tenant_id: i32) -> Self {
        self.audience.tenant_id = Some(tenant_id);
        self
    }

    /// The answer about `link`: in its tenant's brand and its language.
    pub fn of_link(mut self, link: &links::Model) -> Self {
        self.audience = Audience::of_link(link);
        self
    }
}

/// Turns an outcome into a response every end-user answer shares: never cached, never
/// leaking the URL through Referer. A redirect is a 302.
pub async fn respond(
    state: &AppState,
    req: &HttpRequest,
    outcome: Outcome,
    new_cookie: Option<actix_web::cookie::Cookie<'static>>,
) -> HttpResponse {
    build(state, req, outcome, new_cookie, StatusCode::FOUND).await
}

/// [`respond`] for the answer to a POST: a redirect is a 303, so the browser GETs the
/// hosted flow (Post/Redirect/Get).
pub async fn respond_to_post(
    state: &AppState,
    req: &HttpRequest,
    outcome: Outcome,
    new_cookie: Option<actix_web::cookie::Cookie<'static>>,
) -> HttpResponse {
    build(state, req, outcome, new_cookie, StatusCode::SEE_OTHER).await
}

async fn build(
    state: &AppState,
    req: &HttpRequest,
    outcome: Outcome,
    new_cookie: Option<actix_web::cookie::Cookie<'static>>,
    redirect: StatusCode,
) -> HttpResponse {
    let language = outcome.audience.language(req);
    let mut response = match outcome.answer {
        Answer::Flow(mut location) => {
            // The hosted flow speaks the person's language too (DESIGN 13.6).
            location.push_str(if location.contains('?') { "&" } else { "?" });
            location.push_str("language=");
            location.push_str(language.as_str());
            HttpResponse::build(redirect)
                .insert_header((header::LOCATION, location))
                .finish()
        }
        Answer::Page {
            status,
            view,
            retry_after,
        } => {
            let context = EndUserContext {
                brand: brand_of(state, outcome.audience.tenant_id).await,
                language,
            };
            let mut builder = HttpResponse::build(status);
            builder
                .content_type("text/html; charset=utf-8")
                .insert_header((header::CONTENT_LANGUAGE, language.as_str()));
            if let Some(seconds) = retry_after {
                builder.insert_header((header::RETRY_AFTER, seconds.to_string()));
            }
            builder.body(view(&context).into_string())
        }
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Language"));
    if let Some(cookie) = new_cookie {
        let _ = response.add_cookie(&cookie);
    }
    response
}

/// The tenant's brand from the brand cache; a page of a tenant that cannot be read still
/// shows, in the portal's own look.
async fn brand_of(
    state: &AppState,
    tenant_id: Option<i32>,
) -> Option<std::sync::Arc<crate::domain::Brand>> {
    let tenant_id = tenant_id?;
    match crate::accounts::branding::brand_for(state, tenant_id).await {
        Ok(brand) => Some(brand),
        Err(error) => {
            log::warn!("brand of tenant {tenant_id} unavailable: {error}");
            None
        }
    }
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
        } => Outcome::retry(
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
                Some(seconds) => Outcome::retry(StatusCode::SERVICE_UNAVAILABLE, page, seconds),
                None => Outcome::page(StatusCode::SERVICE_UNAVAILABLE, page),
            }
        }
    }
}

/// The link's own state, before anything about the inquiry.
/// `recover`: where "Email me a new link" posts, on a dead end (`/l/{token}/recover`).
pub fn link_state_page(link: &links::Model, at: i64, recover: Option<&str>) -> Option<Outcome> {
    let page = match link.state {
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
    };
    page.map(|page| page.of_link(link))
}

/// The page for a link whose token matches nothing (or whose inquiry is gone).
pub fn unknown_link() -> Outcome {
    Outcome::page(StatusCode::NOT_FOUND, end_user::unknown_link())
}
