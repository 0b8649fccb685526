//! What extending a link does to its dedicated inquiry, so that the person can get in again
//! (DESIGN 2 "Expirations" and 13.1 "an expired link can be rescued"). The inquiry's state
//! is asked of the provider first (the portal's record may lag behind a lost webhook):
//!
//! - never started (`created`, or `expired` before anyone began): reissued now with the new
//!   lifetime, same prefill and reference id, when it has expired or would end before the
//!   link ("re-timed"); the person starts afresh, as they would have;
//! - started and lapsed (`expired`, or `pending` behind a link that has expired): the
//!   tenant's resume policy decides now, exactly as at a resume: `resume` resumes it at the
//!   provider now (the token is stored for the person's next click), `reissue` moves the
//!   link to a new inquiry on the latest template version, `refuse` refuses the extension
//!   (409) before anything changes;
//! - started and still running (`pending`): nothing now; its next resume re-times it;
//! - finished: nothing (a completed link cannot be extended at all).
//!
//! A provider that cannot be reached does not undo the extension: the portal's own record
//! stands in for the provider's answer, the link stays extended, and what cannot be done
//! now is done by the policy at the next click or token request.

use crate::{
    db::now,
    domain::{InquiryId, InquiryStatus, LinkState},
    entities::{inquiries, links},
    error::AppError,
    repo::{self, TenantScope},
    state::AppState,
    views::link_detail_rescue::RescueOffer,
};

use super::resume_policy::{self, Decision};

/// The audit actor of a status the extension learned from the provider: a status check.
const STATUS_ACTOR: &str = "system:reconciler";

const REFUSED: &str = "The inquiry behind this link has expired and is too old or on an outdated template version; your policy refuses to resume it, so extending the link would not let the person in. Issue a new link instead.";

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
    /// The provider did not answer (or a resume limit stood in the way): the next click or
    /// token request applies the policy.
    Deferred,
}

/// What the extension will do to the inquiry, decided before anything changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// No inquiry, one still running, or one already finished.
    Nothing,
    /// Never started: reissue it when it has expired or would end before the link.
    Retime { expired: bool },
    /// Started and lapsed: the policy's decision (resume or reissue).
    Rescue(Decision),
}

/// What the extension will do, decided before anything changes.
pub struct Plan {
    inquiry: Option<inquiries::Model>,
    step: Step,
}

/// A link whose time has passed, whether or not the expiry job has marked it yet.
pub fn has_lapsed(link: &links::Model, at: i64) -> bool {
    link.state == LinkState::Expired || link.expires_at <= at
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

/// How the inquiry is at the provider now, as far as the extension needs to know.
struct Observed {
    /// The portal's record, updated with the provider's answer (so a resume sees it expired).
    inquiry: inquiries::Model,
    status: InquiryStatus,
    /// Whether anyone ever started it.
    started: bool,
}

/// Asks the provider how the inquiry is now and records it. Without an answer the portal's
/// own record stands in, and only a `created` inquiry counts as never started.
async fn observe(state: &AppState, inquiry: inquiries::Model) -> Observed {
    let from_record = |inquiry: inquiries::Model| Observed {
        status: inquiry.status,
        started: inquiry.status != InquiryStatus::Created,
        inquiry,
    };
    let Ok(id) = InquiryId::parse(&inquiry.provider_inquiry_id) else {
        return from_record(inquiry);
    };
    let remote = match state.provider.retrieve_inquiry(&id, false).await {
        Ok(found) => found.inquiry,
        Err(error) => {
            log::warn!("extension: the provider did not say how inquiry {id} is: {error}");
            return from_record(inquiry);
        }
    };
    match crate::status::record_remote(&state.db, &inquiry, &remote, STATUS_ACTOR).await {
        Ok(Some(change)) => state.forget_status_change(change).await,
        Ok(None) => {}
        Err(error) => log::warn!("extension: could not record the status of inquiry {id}: {error}"),
    }
    let status = remote.status.known().unwrap_or(inquiry.status);
    let started = remote.started_at.is_some()
        || !matches!(status, InquiryStatus::Created | InquiryStatus::Expired);
    let scope = TenantScope::new(inquiry.tenant_id);
    let recorded = repo::inquiries::find_by_id(&state.db.connection, scope, inquiry.id).await;
    Observed {
        inquiry: recorded.ok().flatten().unwrap_or(inquiry),
        status,
        started,
    }
}

/// Decides what the extension of `link` will do to its inquiry; the policy's refusal of a
/// started inquiry that lapsed is a 409, since extending the link alone would not let the
/// person in.
pub async fn plan(
    state: &AppState,
    scope: TenantScope,
    link: &links::Model,
) -> Result<Plan, AppError> {
    let inquiry = match current_inquiry(state, scope, link).await? {
        Some(inquiry) if !inquiry.status.is_terminal() => inquiry,
        _ => {
            return Ok(Plan {
                inquiry: None,
                step: Step::Nothing,
            })
        }
    };
    let seen = observe(state, inquiry).await;
    let expired = seen.status == InquiryStatus::Expired;
    let lapsed = expired || (seen.status == InquiryStatus::Pending && has_lapsed(link, now()));
    let step = if seen.status.is_terminal() {
        Step::Nothing
    } else if !seen.started {
        Step::Retime { expired }
    } else if lapsed {
        match resume_policy::decide(state, scope, Some(link), &seen.inquiry).await? {
            Decision::Refuse => return Err(AppError::Conflict(REFUSED.into())),
            decision => Step::Rescue(decision),
        }
    } else {
        Step::Nothing
    };
    Ok(Plan {
        inquiry: Some(seen.inquiry),
        step,
    })
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
    let done = match plan.step {
        Step::Nothing => Ok(InquiryRescue::Unchanged),
        Step::Retime { expired } => {
            retime_unstarted(state, scope, actor, link, &inquiry, expired).await
        }
        Step::Rescue(decision) => {
            rescue_lapsed(state, scope, actor, link, &inquiry, decision).await
        }
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

/// An inquiry nobody has started, which has expired or whose expiry at the provider comes
/// before the link's new one, is reissued with expiration overrides from the new lifetime.
async fn retime_unstarted(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    link: &links::Model,
    inquiry: &inquiries::Model,
    expired: bool,
) -> Result<InquiryRescue, AppError> {
    let ends_too_early = inquiry.expires_at.is_some_and(|at| at < link.expires_at);
    if !expired && !ends_too_early {
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
        // The portal's record, without asking the provider: a page view changes nothing.
        Some(inquiry)
            if matches!(
                inquiry.status,
                InquiryStatus::Expired | InquiryStatus::Pending
            ) =>
        {
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
