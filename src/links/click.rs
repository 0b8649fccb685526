//! The end user's click on `/l/{token}`: decide, by the link's policy, whether this
//! browser may continue, get a session token when one is needed, and send the browser
//! into the hosted flow. Every answer is a redirect or a clear page, never an error dump.

use actix_web::{
    http::{header, StatusCode},
    HttpRequest, HttpResponse,
};
use maud::Markup;

use crate::{
    db::now,
    domain::{LinkToken, ResumeOnClick},
    entities::{inquiries, links},
    error::AppError,
    repo::{self, audit::AuditEntry, TenantScope},
    state::AppState,
    views::end_user,
};

use super::{browser, session_tokens};

/// The outcome of a click, before it becomes a response.
pub enum Outcome {
    Redirect(String),
    Page(StatusCode, Markup),
}

impl Outcome {
    fn page(status: StatusCode, markup: Markup) -> Self {
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
        AppError::TooManyRequests { .. } => Outcome::page(
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

pub async fn follow(state: &AppState, req: &HttpRequest, raw_token: &str) -> HttpResponse {
    let browser = browser::identify(req, state.settings.public_url_is_https());
    let outcome = match LinkToken::parse(raw_token) {
        None => Outcome::page(StatusCode::NOT_FOUND, end_user::unknown_link()),
        Some(token) => match decide(state, &token, &browser.hash).await {
            Ok(outcome) => outcome,
            Err(error) => failure_page(&error),
        },
    };
    respond(outcome, browser.new_cookie)
}

/// Where the access-code form posts for this link.
pub fn code_action(token: &LinkToken) -> String {
    format!("/l/{}/code", token.expose())
}

/// The link's own state, before anything about the inquiry.
pub fn link_state_page(link: &links::Model, at: i64) -> Option<Outcome> {
    match link.state.as_str() {
        "revoked" => Some(Outcome::page(StatusCode::GONE, end_user::revoked_link())),
        "expired" => Some(Outcome::page(StatusCode::GONE, end_user::expired_link())),
        "completed" => Some(Outcome::page(StatusCode::OK, end_user::completed())),
        _ if link.expires_at <= at => {
            Some(Outcome::page(StatusCode::GONE, end_user::expired_link()))
        }
        "paused" => Some(Outcome::page(StatusCode::CONFLICT, end_user::paused())),
        _ => None,
    }
}

async fn decide(
    state: &AppState,
    token: &LinkToken,
    browser_hash: &str,
) -> Result<Outcome, AppError> {
    let token_hash = token.hash();
    let snapshot = match state.link_cache.get(&token_hash).await {
        Some(snapshot) => {
            crate::metrics::global().cache_hit(crate::metrics::CacheName::Link);
            snapshot
        }
        None => {
            crate::metrics::global().cache_miss(crate::metrics::CacheName::Link);
            let Some(link) =
                repo::links::find_by_token_hash(&state.db.connection, &token_hash).await?
            else {
                return Ok(Outcome::page(
                    StatusCode::NOT_FOUND,
                    end_user::unknown_link(),
                ));
            };
            if link.kind == "static" {
                // Each visitor of a static link has their own state: nothing to share in a cache.
                let at = now();
                if let Some(page) = link_state_page(&link, at) {
                    return Ok(page);
                }
                state.clicks.record(link.id, at);
                let scope = TenantScope::new(link.tenant_id);
                return super::static_links::visit(state, scope, &link, browser_hash).await;
            }
            let snapshot = super::snapshot::load_snapshot(state, link).await?;
            state
                .link_cache
                .insert(token_hash.clone(), snapshot.clone())
                .await;
            std::sync::Arc::new(snapshot)
        }
    };
    let link = &snapshot.link;
    let at = now();
    if let Some(page) = link_state_page(link, at) {
        return Ok(page);
    }
    state.clicks.record(link.id, at);
    let scope = TenantScope::new(link.tenant_id);
    let Some(inquiry) = snapshot.inquiry.as_ref() else {
        return Ok(Outcome::page(
            StatusCode::NOT_FOUND,
            end_user::unknown_link(),
        ));
    };
    if session_tokens::is_terminal(&inquiry.status) {
        return Ok(Outcome::page(
            StatusCode::OK,
            end_user::outcome(Some(&inquiry.status)),
        ));
    }
    if !snapshot.browsers.contains(browser_hash) {
        let code_action = code_action(token);
        if let Some(refusal) = admit_browser(state, scope, link, browser_hash, &code_action).await?
        {
            return Ok(refusal);
        }
        state.forget_link(link).await;
    }
    // The hot path: a bound browser, and a cached token with time left.
    if inquiry.status == "pending" && link.resume_on_click != ResumeOnClick::Never.as_str() {
        if let Some((session_token, expires_at)) = &snapshot.session_token {
            if expires_at - at >= 60 {
                return Ok(Outcome::Redirect(session_tokens::hosted_flow_url(
                    state,
                    &inquiry.provider_inquiry_id,
                    Some(session_token),
                )));
            }
        }
    }
    let outcome = continue_inquiry(state, scope, link, inquiry).await;
    if inquiry.status != "created" {
        // A resume stored a new token (or changed the status): reload next time.
        state.forget_link(link).await;
    }
    outcome
}

/// Lets this browser in, or says why not. The first browser to open a dedicated link is
/// bound to it; others need the policy's permission or the access code.
async fn admit_browser(
    state: &AppState,
    scope: TenantScope,
    link: &links::Model,
    browser_hash: &str,
    code_action: &str,
) -> Result<Option<Outcome>, AppError> {
    let db = &state.db.connection;
    if repo::links::find_browser(db, link.id, browser_hash)
        .await?
        .is_some()
    {
        return Ok(None);
    }
    let policy = ResumeOnClick::parse(&link.resume_on_click).unwrap_or_default();
    // Of browsers opening a new link at the same moment only one may become "the first".
    let write = state.db.begin_write().await?;
    repo::links::lock_row(&*write, link.id).await?;
    let first = repo::links::count_browsers(&*write, link.id).await? == 0;
    if first || policy == ResumeOnClick::Anyone {
        repo::links::bind_browser(&*write, link.id, browser_hash, link.current_inquiry_id).await?;
        repo::audit::record(
            &*write,
            AuditEntry {
                tenant_id: Some(scope.tenant_id()),
                actor: "end_user",
                action: if first {
                    "link.opened"
                } else {
                    "link.browser_bound"
                },
                subject: Some(&repo::audit::link_subject(&link.public_id)),
                details: None,
            },
        )
        .await?;
        write.commit().await?;
        return Ok(None);
    }
    drop(write);
    if link.locked_at.is_some() {
        return Ok(Some(Outcome::page(StatusCode::LOCKED, end_user::locked())));
    }
    if link.access_code_hash.is_some() {
        return Ok(Some(Outcome::page(
            StatusCode::FORBIDDEN,
            end_user::access_code_form(code_action, None),
        )));
    }
    Ok(Some(Outcome::page(
        StatusCode::FORBIDDEN,
        end_user::fresh_link_needed(),
    )))
}

/// Sends an admitted browser into the hosted flow, with a session token once needed.
pub async fn continue_inquiry(
    state: &AppState,
    scope: TenantScope,
    link: &links::Model,
    inquiry: &inquiries::Model,
) -> Result<Outcome, AppError> {
    if inquiry.status == "created" {
        return Ok(Outcome::Redirect(session_tokens::hosted_flow_url(
            state,
            &inquiry.provider_inquiry_id,
            None,
        )));
    }
    let policy = ResumeOnClick::parse(&link.resume_on_click).unwrap_or_default();
    if policy == ResumeOnClick::Never {
        return Ok(Outcome::page(
            StatusCode::GONE,
            end_user::finish_in_one_sitting(),
        ));
    }
    // A minute is enough to load the flow; the flow then keeps the token itself.
    let granted = session_tokens::session_token_for(state, scope, inquiry, 60, "end_user").await?;
    Ok(Outcome::Redirect(session_tokens::hosted_flow_url(
        state,
        &granted.inquiry_id,
        Some(&granted.token),
    )))
}
