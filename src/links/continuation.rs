//! Continuing an admitted browser's inquiry: the outcome page once it is finished, else
//! into the hosted flow with a session token once one is needed.

use actix_web::http::StatusCode;

use crate::{
    domain::{InquiryStatus, ResumeOnClick},
    entities::{inquiries, links},
    error::AppError,
    repo::TenantScope,
    state::AppState,
    views::end_user,
};

use super::{outcome::Outcome, session_tokens};

/// The outcome page of an inquiry the end user has finished; `None` while it is open.
pub fn finished_page(inquiry: &inquiries::Model) -> Option<Outcome> {
    inquiry
        .status
        .is_terminal()
        .then(|| Outcome::page(StatusCode::OK, end_user::outcome(Some(inquiry.status))))
}

/// Into the hosted flow without a session token: a `created` inquiry opens without one.
pub fn open_unstarted(state: &AppState, inquiry: &inquiries::Model) -> Option<Outcome> {
    (inquiry.status == InquiryStatus::Created).then(|| {
        Outcome::flow(session_tokens::hosted_flow_url(
            state,
            &inquiry.provider_inquiry_id,
            None,
        ))
    })
}

/// Into the hosted flow with a session token good for at least a minute: enough to load
/// the flow, which then keeps the token itself.
pub async fn open_with_token(
    state: &AppState,
    scope: TenantScope,
    inquiry: &inquiries::Model,
) -> Result<Outcome, AppError> {
    let granted = session_tokens::session_token_for(state, scope, inquiry, 60, "end_user").await?;
    Ok(Outcome::flow(session_tokens::hosted_flow_url(
        state,
        &granted.inquiry_id,
        Some(&granted.token),
    )))
}

/// What an admitted browser gets before any session token is needed: a `created` inquiry
/// opens without one, and a `never` link does not resume a started one.
fn before_token(
    state: &AppState,
    link: &links::Model,
    inquiry: &inquiries::Model,
) -> Option<Outcome> {
    open_unstarted(state, inquiry).or_else(|| {
        (link.resume_on_click == ResumeOnClick::Never)
            .then(|| Outcome::page(StatusCode::GONE, end_user::finish_in_one_sitting()))
    })
}

/// Sends an admitted browser into the hosted flow, by the link's resume policy.
pub async fn continue_inquiry(
    state: &AppState,
    scope: TenantScope,
    link: &links::Model,
    inquiry: &inquiries::Model,
) -> Result<Outcome, AppError> {
    if let Some(outcome) = before_token(state, link, inquiry) {
        return Ok(outcome);
    }
    open_with_token(state, scope, inquiry).await
}

/// What [`continue_inquiry`] would answer, for a HEAD, which changes nothing: where the GET
/// would get a session token (perhaps from a provider resume), the hosted flow without one.
pub fn without_provider(
    state: &AppState,
    link: &links::Model,
    inquiry: &inquiries::Model,
) -> Outcome {
    before_token(state, link, inquiry).unwrap_or_else(|| {
        Outcome::flow(session_tokens::hosted_flow_url(
            state,
            &inquiry.provider_inquiry_id,
            None,
        ))
    })
}

/// `/done`, where the hosted flow ends: the outcome it reports (`status`), in the brand
/// and language of the link behind `inquiry_id` when the portal knows that inquiry. The
/// page shows only what the URL already says, plus the tenant's brand.
pub async fn done_page(
    state: &AppState,
    inquiry_id: Option<&str>,
    status: Option<InquiryStatus>,
) -> Result<Outcome, AppError> {
    let page = Outcome::page(StatusCode::OK, end_user::outcome(status));
    let db = &state.db.connection;
    let found = match inquiry_id {
        Some(id) => crate::repo::inquiry_status::find_by_provider_id(db, id).await?,
        None => None,
    };
    let Some(inquiry) = found else {
        return Ok(page);
    };
    let scope = TenantScope::new(inquiry.tenant_id);
    let link = match inquiry.link_id {
        Some(link_id) => crate::repo::links::find_by_id(db, scope, link_id).await?,
        None => None,
    };
    Ok(match link {
        Some(link) => page.of_link(&link),
        None => page.of_tenant(inquiry.tenant_id),
    })
}
