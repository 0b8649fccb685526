//! What end users reach: `/l/{token}` and `/a/{code}` (GET, HEAD and the Continue POST),
//! the access-code form, and `/done`.

use actix_web::{http::StatusCode, web, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::{
    domain::{InquiryStatus, LinkToken},
    links::{
        access_code, access_links, browser, click, continuation,
        first_contact::{self, Step},
        recovery,
    },
    state::AppState,
    views::end_user,
};

/// `GET /l/{token}`: a bound browser into the flow, first contact the Continue page.
pub async fn follow_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> HttpResponse {
    click::follow(&state, &req, &token, Step::Open).await
}

/// `HEAD /l/{token}`: the GET's status and headers; nothing changes.
pub async fn probe_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> HttpResponse {
    click::follow(&state, &req, &token, Step::Probe).await
}

/// `POST /l/{token}`: the Continue button. The link token is the credential (no CSRF
/// token); a POST from another site is refused.
pub async fn continue_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> HttpResponse {
    click::follow(&state, &req, &token, Step::Continue).await
}

/// `GET /a/{code}`: the Continue page of an unused one-time access link.
pub async fn follow_access_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    code: web::Path<String>,
) -> HttpResponse {
    access_link(&req, &state, &code, Step::Open).await
}

/// `HEAD /a/{code}`: the GET's status and headers; the access link stays unused.
pub async fn probe_access_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    code: web::Path<String>,
) -> HttpResponse {
    access_link(&req, &state, &code, Step::Probe).await
}

/// `POST /a/{code}`: the Continue button, which spends the access link.
pub async fn use_access_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    code: web::Path<String>,
) -> HttpResponse {
    access_link(&req, &state, &code, Step::Continue).await
}

async fn access_link(req: &HttpRequest, state: &AppState, code: &str, step: Step) -> HttpResponse {
    if step == Step::Continue {
        if let Some(refusal) = first_contact::refuse_cross_site(req) {
            return first_contact::answer(state, req, step, refusal, None).await;
        }
    }
    let browser = browser::identify(req, state.settings.public_url_is_https());
    let outcome = match LinkToken::parse(code) {
        None => click::Outcome::page(StatusCode::NOT_FOUND, end_user::unknown_link()),
        Some(code) => match access_links::follow(state, &code, &browser.hash, step).await {
            Ok(outcome) => outcome,
            Err(error) => click::failure_page(&error),
        },
    };
    first_contact::answer(state, req, step, outcome, browser.new_cookie).await
}

/// `POST /l/{token}/recover`: "Email me a new link" on a dead end. The link token is the
/// credential (no CSRF token); a POST from another site is refused.
pub async fn recover_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> HttpResponse {
    if let Some(refusal) = first_contact::refuse_cross_site(&req) {
        return click::respond(&state, &req, refusal, None).await;
    }
    let outcome = match LinkToken::parse(&token) {
        None => click::Outcome::page(StatusCode::NOT_FOUND, end_user::unknown_link()),
        Some(token) => match recovery::recover(&state, &token).await {
            Ok(outcome) => outcome,
            Err(error) => click::failure_page(&error),
        },
    };
    click::respond(&state, &req, outcome, None).await
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

/// The access code is the credential here, and it is tried against a five-attempt lock,
/// so this form needs no session CSRF token (the end user has no session).
pub async fn enter_access_code(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
    form: web::Form<CodeForm>,
) -> HttpResponse {
    let browser = browser::identify(&req, state.settings.public_url_is_https());
    let outcome = match LinkToken::parse(&token) {
        None => click::Outcome::page(StatusCode::NOT_FOUND, end_user::unknown_link()),
        Some(token) => match access_code::enter(&state, &token, &browser.hash, &form.code).await {
            Ok(outcome) => outcome,
            Err(error) => click::failure_page(&error),
        },
    };
    // A POST: its way into the flow is a 303, like the Continue button's.
    first_contact::answer(&state, &req, Step::Continue, outcome, browser.new_cookie).await
}

#[derive(Deserialize)]
pub struct DoneQuery {
    status: Option<String>,
    #[serde(rename = "inquiry-id")]
    inquiry_id: Option<String>,
}

/// The hosted flow's `redirect-uri`: shows the outcome it reports.
pub async fn done(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<DoneQuery>,
) -> HttpResponse {
    let status = query.status.as_deref().and_then(InquiryStatus::from_stored);
    let outcome = match continuation::done_page(&state, query.inquiry_id.as_deref(), status).await {
        Ok(outcome) => outcome,
        Err(error) => click::failure_page(&error),
    };
    click::respond(&state, &req, outcome, None).await
}
