//! The end user's click on `/l/{token}`: decide, by the link's policy, whether this
//! browser may continue, get a session token when one is needed, and send the browser
//! into the hosted flow. Every answer is a redirect or a clear page, never an error dump.
//! A browser not bound yet gets the Continue page first, and is bound by its POST
//! (see [`super::first_contact`]).

use std::{net::IpAddr, sync::Arc};

use actix_web::{http::StatusCode, HttpRequest, HttpResponse};

use crate::{
    db::now,
    domain::{InquiryStatus, LinkKind, LinkToken, ResumeOnClick, WebhookEventType},
    entities::links,
    error::AppError,
    metrics::{self, CacheName},
    repo::{self, audit::AuditEntry, TenantScope},
    state::{link_cache::ClickSnapshot, AppState},
    tenant_webhooks,
    views::end_user,
};

use super::{
    browser, continuation,
    first_contact::{self, Step},
    session_tokens, static_links,
};

pub use super::outcome::{failure_page, link_state_page, respond, Outcome};

/// A request on `/l/{token}`: `step` says what it may do (GET, HEAD or the Continue POST).
pub async fn follow(
    state: &AppState,
    req: &HttpRequest,
    raw_token: &str,
    step: Step,
) -> HttpResponse {
    if step == Step::Continue {
        if let Some(refusal) = first_contact::refuse_cross_site(req) {
            return first_contact::answer(state, req, step, refusal, None).await;
        }
    }
    let browser = browser::identify(req, state.settings.public_url_is_https());
    // Static links count new inquiries per address.
    let address = crate::net::client_ip(req);
    let outcome = match LinkToken::parse(raw_token) {
        None => super::outcome::unknown_link(),
        Some(token) => match decide(state, &token, &browser.hash, address, step).await {
            Ok(outcome) => outcome,
            Err(error) => {
                super::outcome::failure_page_of_link(&error, Some(&recover_action(&token)))
            }
        },
    };
    first_contact::answer(state, req, step, outcome, browser.new_cookie).await
}

/// Where the access-code form posts for this link.
pub fn code_action(token: &LinkToken) -> String {
    format!("/l/{}/code", token.expose())
}

/// Where "Email me a new link" posts for this link.
pub fn recover_action(token: &LinkToken) -> String {
    format!("/l/{}/recover", token.expose())
}

/// What the token leads to: a dedicated link's snapshot (from the cache when it holds
/// one), or the answer already, for an unknown token or a static link.
enum Found {
    Dedicated(Arc<ClickSnapshot>),
    Answered(Outcome),
}

async fn find(
    state: &AppState,
    token: &LinkToken,
    browser_hash: &str,
    address: IpAddr,
    step: Step,
) -> Result<Found, AppError> {
    let token_hash = token.hash();
    if let Some(snapshot) = state.link_cache.get(&token_hash).await {
        metrics::global().cache_hit(CacheName::Link);
        return Ok(Found::Dedicated(snapshot));
    }
    metrics::global().cache_miss(CacheName::Link);
    let Some(link) = repo::links::find_by_token_hash(&state.db.connection, &token_hash).await?
    else {
        return Ok(Found::Answered(super::outcome::unknown_link()));
    };
    if link.kind == LinkKind::Static {
        // Each visitor of a static link has their own state: nothing to share in a cache.
        return visit_static(state, token, &link, (browser_hash, address), step)
            .await
            .map(|outcome| Found::Answered(outcome.of_link(&link)));
    }
    let snapshot = super::snapshot::load_snapshot(state, link).await?;
    state.link_cache.insert(token_hash, snapshot.clone()).await;
    Ok(Found::Dedicated(Arc::new(snapshot)))
}

/// A static link's visit by the browser `browser_hash` from `address`.
async fn visit_static(
    state: &AppState,
    token: &LinkToken,
    link: &links::Model,
    (browser_hash, address): (&str, IpAddr),
    step: Step,
) -> Result<Outcome, AppError> {
    let at = now();
    if let Some(page) = link_state_page(link, at, None) {
        return Ok(page);
    }
    if step != Step::Continue {
        return first_contact::open_static(state, token, link, browser_hash, step).await;
    }
    state.clicks.record(link.id, at);
    let scope = TenantScope::new(link.tenant_id);
    static_links::visit(state, scope, link, browser_hash, address).await
}

async fn decide(
    state: &AppState,
    token: &LinkToken,
    browser_hash: &str,
    address: IpAddr,
    step: Step,
) -> Result<Outcome, AppError> {
    let snapshot = match find(state, token, browser_hash, address, step).await? {
        Found::Dedicated(snapshot) => snapshot,
        Found::Answered(outcome) => return Ok(outcome),
    };
    decide_dedicated(state, &snapshot, token, browser_hash, step)
        .await
        .map(|outcome| outcome.of_link(&snapshot.link))
}

/// [`decide`] for a dedicated link's snapshot: every answer is about this link.
async fn decide_dedicated(
    state: &AppState,
    snapshot: &ClickSnapshot,
    token: &LinkToken,
    browser_hash: &str,
    step: Step,
) -> Result<Outcome, AppError> {
    let link = &snapshot.link;
    let at = now();
    if let Some(page) = link_state_page(link, at, Some(&recover_action(token))) {
        return Ok(page);
    }
    let scope = TenantScope::new(link.tenant_id);
    let Some(inquiry) = snapshot.inquiry.as_ref() else {
        return Ok(super::outcome::unknown_link());
    };
    if let Some(page) = continuation::finished_page(inquiry) {
        return Ok(page);
    }
    if !snapshot.browsers.contains(browser_hash) {
        if let Some(answer) = admit_browser(state, snapshot, token, browser_hash, step).await? {
            return Ok(answer);
        }
        state.forget_link(link).await;
    }
    if step != Step::Probe {
        state.clicks.record(link.id, at);
    }
    // The hot path: a bound browser, and a cached token with time left.
    if inquiry.status == InquiryStatus::Pending && link.resume_on_click != ResumeOnClick::Never {
        if let Some((session_token, expires_at)) = &snapshot.session_token {
            if expires_at - at >= 60 {
                return Ok(Outcome::flow(session_tokens::hosted_flow_url(
                    state,
                    &inquiry.provider_inquiry_id,
                    Some(session_token),
                )));
            }
        }
    }
    if step == Step::Probe {
        return Ok(continuation::without_provider(state, link, inquiry));
    }
    let outcome = continuation::continue_inquiry(state, scope, link, inquiry).await;
    if inquiry.status != InquiryStatus::Created {
        // A resume stored a new token (or changed the status): reload next time.
        state.forget_link(link).await;
    }
    outcome
}

/// Lets this browser in, or says why not. The first browser to press Continue on a
/// dedicated link is bound to it; others need the policy's permission or the access code.
/// Before that press (GET, HEAD) nothing is bound: whoever could be admitted gets the
/// Continue page.
async fn admit_browser(
    state: &AppState,
    snapshot: &ClickSnapshot,
    token: &LinkToken,
    browser_hash: &str,
    step: Step,
) -> Result<Option<Outcome>, AppError> {
    let link = &snapshot.link;
    let open_to_this_browser =
        snapshot.browsers.is_empty() || link.resume_on_click == ResumeOnClick::Anyone;
    if step != Step::Continue && open_to_this_browser {
        // From memory: a mail scanner's GETs cost no database work. Should the snapshot
        // be stale (this browser was bound a moment ago), the Continue POST finds it.
        return Ok(Some(first_contact::continue_page(
            link,
            &first_contact::link_action(token),
            first_contact::after_continue(link),
        )));
    }
    let db = &state.db.connection;
    if repo::links::find_browser(db, link.id, browser_hash)
        .await?
        .is_some()
    {
        return Ok(None);
    }
    if step == Step::Continue && bind_if_admitted(state, link, browser_hash).await? {
        return Ok(None);
    }
    Ok(Some(refusal(link, token)))
}

/// Binds this browser when it is the link's first or the link lets anyone continue;
/// false when it may not.
async fn bind_if_admitted(
    state: &AppState,
    link: &links::Model,
    browser_hash: &str,
) -> Result<bool, AppError> {
    // Of browsers opening a new link at the same moment only one may become "the first".
    let write = state.db.begin_write().await?;
    repo::links::lock_row(&*write, link.id).await?;
    let first = repo::links::count_browsers(&*write, link.id).await? == 0;
    if !first && link.resume_on_click != ResumeOnClick::Anyone {
        return Ok(false);
    }
    repo::links::bind_browser(&*write, link.id, browser_hash, link.current_inquiry_id).await?;
    repo::audit::record(
        &*write,
        AuditEntry {
            tenant_id: Some(link.tenant_id),
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
    if first {
        let scope = TenantScope::new(link.tenant_id);
        let kind = WebhookEventType::LinkOpened;
        tenant_webhooks::enqueue_for_link(&*write, scope, kind, link).await?;
    }
    write.commit().await?;
    Ok(true)
}

/// Why a browser the link is not bound to may not continue, and what it can do.
fn refusal(link: &links::Model, token: &LinkToken) -> Outcome {
    if link.locked_at.is_some() {
        return Outcome::page(StatusCode::LOCKED, end_user::locked());
    }
    let recover = recover_action(token);
    if link.access_code_hash.is_some() {
        return Outcome::page(
            StatusCode::FORBIDDEN,
            end_user::access_code_form(&code_action(token), Some(&recover), None),
        );
    }
    Outcome::page(
        StatusCode::FORBIDDEN,
        end_user::fresh_link_needed(Some(&recover)),
    )
}
