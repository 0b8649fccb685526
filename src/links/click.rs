//! The end user's click on `/l/{token}`: decide, by the link's policy, whether this
//! browser may continue, get a session token when one is needed, and send the browser
//! into the hosted flow. Every answer is a redirect or a clear page, never an error dump.

use std::{net::IpAddr, sync::Arc};

use actix_web::{http::StatusCode, HttpRequest, HttpResponse};

use crate::{
    db::now,
    domain::{InquiryStatus, LinkKind, LinkToken, ResumeOnClick},
    entities::links,
    error::AppError,
    metrics::{self, CacheName},
    repo::{self, audit::AuditEntry, TenantScope},
    state::{link_cache::ClickSnapshot, AppState},
    views::end_user,
};

use super::{browser, continuation, session_tokens, static_links};

pub use super::outcome::{failure_page, link_state_page, respond, Outcome};

pub async fn follow(state: &AppState, req: &HttpRequest, raw_token: &str) -> HttpResponse {
    let browser = browser::identify(req, state.settings.public_url_is_https());
    let visitor = Visitor {
        browser_hash: &browser.hash,
        address: crate::net::client_ip(req),
    };
    let outcome = match LinkToken::parse(raw_token) {
        None => super::outcome::unknown_link(),
        Some(token) => match decide(state, &token, &visitor).await {
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

/// Who follows the link: their browser (by its cookie's hash) and the address they come
/// from (static links count new inquiries per address).
struct Visitor<'a> {
    browser_hash: &'a str,
    address: IpAddr,
}

/// What the token leads to: a dedicated link's snapshot (from the cache when it holds
/// one), or the answer already, for an unknown token or a static link.
enum Found {
    Dedicated(Arc<ClickSnapshot>),
    Answered(Outcome),
}

async fn find(
    state: &AppState,
    token_hash: &str,
    visitor: &Visitor<'_>,
) -> Result<Found, AppError> {
    if let Some(snapshot) = state.link_cache.get(token_hash).await {
        metrics::global().cache_hit(CacheName::Link);
        return Ok(Found::Dedicated(snapshot));
    }
    metrics::global().cache_miss(CacheName::Link);
    let Some(link) = repo::links::find_by_token_hash(&state.db.connection, token_hash).await?
    else {
        return Ok(Found::Answered(super::outcome::unknown_link()));
    };
    if link.kind == LinkKind::Static {
        // Each visitor of a static link has their own state: nothing to share in a cache.
        return visit_static(state, &link, visitor)
            .await
            .map(Found::Answered);
    }
    let snapshot = super::snapshot::load_snapshot(state, link).await?;
    state
        .link_cache
        .insert(token_hash.to_owned(), snapshot.clone())
        .await;
    Ok(Found::Dedicated(Arc::new(snapshot)))
}

async fn visit_static(
    state: &AppState,
    link: &links::Model,
    visitor: &Visitor<'_>,
) -> Result<Outcome, AppError> {
    let at = now();
    if let Some(page) = link_state_page(link, at) {
        return Ok(page);
    }
    state.clicks.record(link.id, at);
    let scope = TenantScope::new(link.tenant_id);
    static_links::visit(state, scope, link, visitor.browser_hash, visitor.address).await
}

async fn decide(
    state: &AppState,
    token: &LinkToken,
    visitor: &Visitor<'_>,
) -> Result<Outcome, AppError> {
    let browser_hash = visitor.browser_hash;
    let snapshot = match find(state, &token.hash(), visitor).await? {
        Found::Dedicated(snapshot) => snapshot,
        Found::Answered(outcome) => return Ok(outcome),
    };
    let link = &snapshot.link;
    let at = now();
    if let Some(page) = link_state_page(link, at) {
        return Ok(page);
    }
    state.clicks.record(link.id, at);
    let scope = TenantScope::new(link.tenant_id);
    let Some(inquiry) = snapshot.inquiry.as_ref() else {
        return Ok(super::outcome::unknown_link());
    };
    if let Some(page) = continuation::finished_page(inquiry) {
        return Ok(page);
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
    if inquiry.status == InquiryStatus::Pending && link.resume_on_click != ResumeOnClick::Never {
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
    let outcome = continuation::continue_inquiry(state, scope, link, inquiry).await;
    if inquiry.status != InquiryStatus::Created {
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
    // Of browsers opening a new link at the same moment only one may become "the first".
    let write = state.db.begin_write().await?;
    repo::links::lock_row(&*write, link.id).await?;
    let first = repo::links::count_browsers(&*write, link.id).await? == 0;
    if first || link.resume_on_click == ResumeOnClick::Anyone {
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
