//! Applying one observed status to an inquiry, inside the caller's write transaction.

use sea_orm::{ConnectionTrait, DbErr};
use serde_json::json;

use super::{order::supersedes, StatusChanged, LINK_COMPLETED, STATUS_CHANGED};
use crate::{
    domain::{InquiryStatus, LinkKind, LinkState, WebhookEvent, WebhookEventType},
    entities::{inquiries, links},
    repo::{self, audit::AuditEntry, TenantScope},
};

/// What the provider said about an inquiry, and when that was true.
#[derive(Clone, Copy, Debug)]
pub struct Observation<'a> {
    pub status: InquiryStatus,
    /// Unix seconds of the event (webhook `created-at`, or the provider's latest timestamp).
    pub at: Option<i64>,
    pub expires_at: Option<i64>,
    /// The audit actor: `system:webhook` or `system:reconciler`.
    pub actor: &'a str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The status or the expiry changed; announce it once the transaction commits.
    Changed(StatusChanged),
    /// Newer, but saying what the inquiry already says (its event time was still recorded).
    Confirmed,
    /// Older than what was applied before (or raced by a newer one): nothing changed.
    Stale,
}

/// Applies `observation` to the inquiry `inquiry_id` of `scope` unless something newer was
/// applied before. Run it inside a write transaction; publish `Changed` after the commit.
pub async fn apply(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    inquiry_id: i32,
    observation: Observation<'_>,
) -> Result<Outcome, DbErr> {
    let Some(inquiry) = repo::inquiries::find_by_id(db, scope, inquiry_id).await? else {
        return Ok(Outcome::Stale);
    };
    if !supersedes(
        inquiry.status,
        inquiry.last_event_at,
        observation.status,
        observation.at,
    ) {
        return Ok(Outcome::Stale);
    }
    // Conditional on the row still being what was read, so two instances applying the same
    // news concurrently record it once.
    let updated = repo::inquiry_status::record_observation(
        db,
        &inquiry,
        observation.status,
        observation.at.or(inquiry.last_event_at),
        observation.expires_at,
    )
    .await?;
    if !updated {
        return Ok(Outcome::Stale);
    }
    let status_changed = inquiry.status != observation.status;
    let expiry_changed = observation
        .expires_at
        .is_some_and(|at| Some(at) != inquiry.expires_at);
    if !status_changed {
        return Ok(if expiry_changed {
            Outcome::Changed(change_of(&inquiry))
        } else {
            Outcome::Confirmed
        });
    }
    let link = match inquiry.link_id {
        Some(link_id) => repo::inquiry_status::find_link(db, scope, link_id).await?,
        None => None,
    };
    let subject = subject_of(link.as_ref(), &inquiry);
    repo::audit::record(
        db,
        AuditEntry {
            tenant_id: Some(scope.tenant_id()),
            actor: observation.actor,
            action: STATUS_CHANGED,
            subject: Some(&subject),
            details: Some(json!({
                "from": inquiry.status,
                "to": observation.status,
                "inquiry": inquiry.provider_inquiry_id,
            })),
        },
    )
    .await?;
    announce(db, scope, &inquiry, link.as_ref(), observation.status).await?;
    if let Some(link) = link.filter(|link| finishes_link(link, &inquiry, observation.status)) {
        repo::links::set_state(db, scope, link.id, LinkState::Completed).await?;
        repo::audit::record(
            db,
            AuditEntry {
                tenant_id: Some(scope.tenant_id()),
                actor: observation.actor,
                action: LINK_COMPLETED,
                subject: Some(&subject),
                details: Some(json!({ "inquiry": inquiry.provider_inquiry_id })),
            },
        )
        .await?;
    }
    Ok(Outcome::Changed(change_of(&inquiry)))
}

/// The tenant webhooks' `inquiry.status_changed`, and `inquiry.completed` when the end
/// user's part is done (completed, or a decision arriving before the completion was seen),
/// written to the outbox in the same transaction.
async fn announce(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    inquiry: &inquiries::Model,
    link: Option<&links::Model>,
    status: InquiryStatus,
) -> Result<(), DbErr> {
    let event = |kind| {
        let event = WebhookEvent::new(kind)
            .inquiry(&inquiry.provider_inquiry_id)
            .detail("status", status.as_str())
            .detail("previous_status", inquiry.status.as_str());
        match link {
            Some(link) => event
                .link(&link.public_id)
                .reference(link.reference_id.as_deref()),
            None => event,
        }
    };
    let changed = event(WebhookEventType::InquiryStatusChanged);
    repo::webhook_outbox::enqueue(db, scope, &changed).await?;
    let decided = matches!(
        status,
        InquiryStatus::Approved | InquiryStatus::Declined | InquiryStatus::NeedsReview
    );
    let completed = status == InquiryStatus::Completed
        || (decided && inquiry.status.rank() < InquiryStatus::Completed.rank());
    if completed {
        let event = event(WebhookEventType::InquiryCompleted);
        repo::webhook_outbox::enqueue(db, scope, &event).await?;
    }
    Ok(())
}

fn subject_of(link: Option<&links::Model>, inquiry: &inquiries::Model) -> String {
    match link {
        Some(link) => repo::audit::link_subject(&link.public_id),
        None => repo::audit::inquiry_subject(&inquiry.provider_inquiry_id),
    }
}

fn change_of(inquiry: &inquiries::Model) -> StatusChanged {
    StatusChanged {
        link_id: inquiry.link_id,
        inquiry_id: inquiry.id,
    }
}

/// A dedicated link is done when the inquiry it hands out is completed or approved; other
/// outcomes (failed, declined, review) leave it for the issuer to decide. A revoked link
/// stays revoked.
fn finishes_link(link: &links::Model, inquiry: &inquiries::Model, status: InquiryStatus) -> bool {
    let current = link.current_inquiry_id.unwrap_or(inquiry.id) == inquiry.id;
    link.kind == LinkKind::Dedicated
        && current
        && matches!(status, InquiryStatus::Completed | InquiryStatus::Approved)
        && matches!(
            link.state,
            LinkState::Active | LinkState::Paused | LinkState::Expired
        )
}
