//! First contact with an end-user link (DESIGN 13.1). Mail gateways, chat previews and
//! antivirus fetch links with GET or HEAD, sometimes with JavaScript running, before the
//! person does. So a request that would bind a browser, create a static link's inquiry or
//! use up a one-time access link answers a light "Continue" page instead, and only the
//! person's press of its button (a POST to the same URL) changes anything. A browser
//! already bound to a link still goes straight on with its GET (the hot path).

use actix_web::{cookie::Cookie, http::StatusCode, HttpRequest, HttpResponse};

use crate::{
    db::now,
    domain::{LinkToken, ResumeOnClick},
    entities::links,
    error::AppError,
    repo::TenantScope,
    state::AppState,
    views::end_user::{self, AfterContinue},
};

use super::{
    continuation,
    outcome::{self, Outcome},
    static_links::{self, Visitor},
};

/// What a request on an end-user link may do, by its method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// `GET`: a bound browser goes on into the flow; first contact gets the Continue page.
    Open,
    /// `HEAD`: the GET's status and headers, and nothing changes: no click is counted and
    /// the provider is not asked for anything.
    Probe,
    /// `POST`, the Continue button: binds, creates or consumes, then into the flow.
    Continue,
}

/// Where a link's Continue button posts: the link itself.
pub fn link_action(token: &LinkToken) -> String {
    format!("/l/{}", token.expose())
}

/// Where a one-time access link's Continue button posts: the access link itself.
pub fn access_link_action(code: &LinkToken) -> String {
    format!("/a/{}", code.expose())
}

/// The Continue page of `link`, in its tenant's brand and its language, posting to `action`.
pub fn continue_page(link: &links::Model, action: &str, after: AfterContinue) -> Outcome {
    Outcome::page(StatusCode::OK, end_user::continue_page(action, after)).of_link(link)
}

/// What the Continue page of `link` tells the person about coming back.
pub fn after_continue(link: &links::Model) -> AfterContinue {
    if link.always_new {
        AfterContinue::NewEachVisit
    } else if link.resume_on_click == ResumeOnClick::Never {
        AfterContinue::OneSitting
    } else {
        AfterContinue::Resumable
    }
}

/// A Continue POST that another website sent (`Sec-Fetch-Site: cross-site`) is refused
/// before anything is looked up. The Continue page is the portal's own, so the person's
/// POST is same-origin (or carries no such header at all, from older browsers). The link
/// token is the POST's credential, so it needs no CSRF token; this keeps other sites from
/// starting a flow in the person's browser all the same.
pub fn refuse_cross_site(req: &HttpRequest) -> Option<Outcome> {
    let cross_site = req
        .headers()
        .get("sec-fetch-site")
        .is_some_and(|value| value.as_bytes().eq_ignore_ascii_case(b"cross-site"));
    cross_site.then(|| Outcome::page(StatusCode::FORBIDDEN, end_user::continue_from_elsewhere()))
}

/// The response to a request of `step`: a POST's redirect is a 303 (Post/Redirect/Get),
/// a GET's (and so a HEAD's) a 302. For HEAD actix-web sends the headers without the body.
pub async fn answer(
    state: &AppState,
    req: &HttpRequest,
    step: Step,
    outcome: Outcome,
    new_cookie: Option<Cookie<'static>>,
) -> HttpResponse {
    match step {
        Step::Continue => outcome::respond_to_post(state, req, outcome, new_cookie).await,
        Step::Open | Step::Probe => outcome::respond(state, req, outcome, new_cookie).await,
    }
}

/// A GET or HEAD of an active static link: a browser with an inquiry of its own goes
/// back to it; anyone else gets the Continue page, as a new inquiry is created only by
/// its POST.
pub async fn open_static(
    state: &AppState,
    token: &LinkToken,
    link: &links::Model,
    browser_hash: &str,
    step: Step,
) -> Result<Outcome, AppError> {
    let scope = TenantScope::new(link.tenant_id);
    match static_links::recognise(state, scope, link, browser_hash).await? {
        Visitor::Answered(page) => Ok(page),
        Visitor::Returning(inquiry) if step == Step::Probe => {
            Ok(continuation::without_provider(state, link, &inquiry))
        }
        Visitor::Returning(inquiry) => {
            state.clicks.record(link.id, now());
            continuation::continue_inquiry(state, scope, link, &inquiry).await
        }
        // Telling a full link at once spares the person a press that leads nowhere.
        Visitor::New(_)
            if link
                .max_inquiries
                .is_some_and(|cap| link.inquiries_created >= cap) =>
        {
            Ok(Outcome::page(StatusCode::CONFLICT, end_user::capped()))
        }
        Visitor::New(_) => Ok(continue_page(
            link,
            &link_action(token),
            after_continue(link),
        )),
    }
}
