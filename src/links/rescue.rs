//! What extending a link does to its dedicated inquiry, so that the person can get in again
//! (DESIGN 2 "Expirations" and 13.1 "an expired link can be rescued"):
//!
//! - not started (`created`) and ending at the provider before the link's new expiry:
//!   reissued now with the new lifetime (same prefill and reference id): "re-timed";
//! - lapsed (`expired`, or `pending` behind a link that has expired, which the provider
//!   expired with it): the tenant's resume policy decides now, exactly as at a resume:
//!   `resume` resumes it at the provider now (the token is stored for the person's next
//!   click), `reissue` moves the link to a new inquiry on the latest template version,
//!   `refuse` refuses the extension (409) before anything changes;
//! - started and still running (`pending`): nothing now; its next resume re-times it;
//! - finished: nothing (a completed link cannot be extended at all).
//!
//! A provider that cannot be reached does not undo the extension: the link stays extended
//! and the next click or token request applies the policy instead.

use crate::{
    db::now,
    domain::{InquiryStatus, LinkState},
    entities::{inquiries, links},
    error::AppError,
    repo::{self, TenantScope},
    state::AppState,
    views::link_detail_rescue::RescueOffer,
};

use super::resume_policy::{self, Decision};

/// What happened to the link's inquiry when the link was extended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InquiryRescue {
    /// No inquiry to touch (a static link), one still running, or one already finished.
    Unchanged,
    /// An unstarted inquiry was reissued to last as long as the link.
    Retimed,
    /// A lapsed inquiry was resumed at the provider (policy `resume`).
    Resumed,
    /// A lapsed inquiry was replaced by a new one on the latest version (policy `reissue`).
    Reissued,
    /// The provider did not answer: the next click or token request applies the policy.
    Deferred,
}

/// What the extension will do, decided before anything changes.
pub struct Plan {
    inquiry: Option<inquiries::Model>,
    /// The policy's decision for a lapsed inquiry.
    decision: Option<Decision>,
}

/// A link whose time has passed, whether or not the expiry job has marked it yet.
pub fn has_lapsed(link: &links::Model, at: i64) -> bool {
    link.state == LinkState::Expired || link.expires_at <= at
}

/// An inquiry the provider no longer lets anyone continue without a resume.
fn inquiry_lapsed(link: &links::Model, inquiry: &inquiries::Model, at: i64) -> bool {
    inquiry.status == InquiryStatus::Expired
        || (inquiry.status == InquiryStatus::Pending && has_lapsed(link, at))
}

/// The link's current inquiry, if it has one.
async fn current_inquiry(
    state: &AppState,
    scope: TenantScope,
    link: &links::Model,
) -> Result<Option<inquiries::Model>, AppError> {
    match link.current_inquiry_id {
        Some(id) => Ok(repo::inquiries::find_by_id(&state.db.connection, scope, id).await?),
        None => Ok(None),
    }
}

/// Decides what the extension of `link` will do to its inquiry; the policy's refusal of a
/// lapsed inquiry is a 409, since extending the link alone would not let the person in.
pub async fn plan(
    state: &AppState,
    scope: TenantScope,
    link: &links::Model,
) -> Result<Plan, AppError> {
    let inquiry = current_inquiry(state, scope, link).await?;
    let decision = match &inquiry {
        Some(inquiry) if inquiry_lapsed(link, inquiry, now()) => {
            Some(resume_policy::decide(state, scope, Some(link), inquiry).await?)
        }
        _ => None,
    };
    if decision == Some(Decision::Refuse) {
        return Err(AppError::Conflict(
            "The inquiry behind this link has expired and is too old or on an outdated template version; your policy refuses to resume it, so extending the link would not let the person in. Issue a new link instead.".into(),
        ));
    }
    Ok(Plan { inquiry, decision })
}

/// Carries out `plan` for the extended `link`.
pub async fn apply(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    link: &links::Model,
    plan: Plan,
) -> InquiryRescue {
    let Some(inquiry) = plan.inquiry else {
        return InquiryRescue::Unchanged;
    };
    let done = match plan.decision {
        Some(decision) => rescue_lapsed(state, scope, actor, link, &inquiry, decision).await,
        None => retime_unstarted(state, scope, actor, link, &inquiry).await,
    };
    state.forget_link(link).await;
    done.unwrap_or_else(|error| {
        // The link itself is extended; the inquiry follows at its next resume instead.
        log::warn!(
            "the inquiry of extended link {} follows later: {error}",
            link.public_id
        );
        InquiryRescue::Deferred
    })
}

async fn rescue_lapsed(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    link: &links::Model,
    inquiry: &inquiries::Model,
    decision: Decision,
) -> Result<InquiryRescue, AppError> {
    match decision {
        // Through the session-token path: its locks make one resume of concurrent ones,
        // and it counts against the policy's resume limit like any other resume.
        Decision::Resume => {
            let policy = repo::policies::get(&state.db.connection, scope).await?;
            super::session_tokens::session_token_for(
                state,
                scope,
                inquiry,
                policy.min_token_remaining_seconds,
                actor,
            )
            .await?;
            Ok(InquiryRescue::Resumed)
        }
        Decision::Reissue => {
            // One move at a time per inquiry, whether a click or this asks for it.
            let lock = state.resume_locks.lock_for(inquiry.id);
            let _guard = lock.lock().await;
            let current = current_inquiry(state, scope, link).await?;
            if current.as_ref().map(|c| c.id) != Some(inquiry.id) {
                // A click moved it meanwhile.
                return Ok(InquiryRescue::Reissued);
            }
            super::reissue::reissue(state, scope, link, inquiry, actor).await?;
            Ok(InquiryRescue::Reissued)
        }
        Decision::Refuse => Ok(InquiryRescue::Unchanged),
    }
}

/// An inquiry nobody has started yet, whose expiry at the provider comes before the link's
/// new one, is reissued with expiration overrides from the new lifetime. A started one
/// needs nothing here: its next resume re-times it.
async fn retime_unstarted(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    link: &links::Model,
    inquiry: &inquiries::Model,
) -> Result<InquiryRescue, AppError> {
    let ends_too_early = inquiry.expires_at.is_some_and(|at| at < link.expires_at);
    if inquiry.status != InquiryStatus::Created || !ends_too_early {
        return Ok(InquiryRescue::Unchanged);
    }
    super::reissue::reissue(state, scope, link, inquiry, actor).await?;
    Ok(InquiryRescue::Retimed)
}

/// What extending this link would do, for its page: from what the portal knows, without
/// asking the provider. `None` when the link has not lapsed or is final.
pub async fn preview(
    state: &AppState,
    scope: TenantScope,
    link: &links::Model,
) -> Result<Option<RescueOffer>, AppError> {
    let extendable = link.state.is_open() || link.state == LinkState::Expired;
    if !extendable || !has_lapsed(link, now()) {
        return Ok(None);
    }
    let offer = match current_inquiry(state, scope, link).await? {
        Some(inquiry) if inquiry_lapsed(link, &inquiry, now()) => {
            match resume_policy::preview(state, scope, link, &inquiry).await? {
                Decision::Resume => RescueOffer::Resume,
                Decision::Reissue => RescueOffer::Reissue,
                Decision::Refuse => RescueOffer::Refused,
            }
        }
        // A static link, an inquiry never started (re-timed), or one already finished.
        _ => RescueOffer::Extend,
    };
    Ok(Some(offer))
}
