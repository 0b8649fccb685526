//! Provider webhooks: verified on the raw body, processed once per event id, applied only
//! when newer than what the portal already knows (see [`crate::status`]).

mod event;
pub mod signature;

pub use event::{Event, Meaning};
pub use signature::{signature_header, SignatureError};

use serde_json::json;

use crate::{
    error::AppError,
    repo::{self, audit::AuditEntry, TenantScope},
    state::AppState,
    status::{self, Observation, Outcome},
};

/// The audit actor of everything a webhook changes.
pub const ACTOR: &str = "system:webhook";

/// What became of a verified event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Processed {
    /// The inquiry's status or expiry changed.
    Applied,
    /// Processed, but it told the portal nothing new (or something older than it knew).
    NoChange,
    /// This event id was processed before: a repeated delivery.
    Duplicate,
    /// Not about an inquiry this portal holds, or not an event it acts on.
    Ignored,
}

impl Processed {
    pub fn as_str(self) -> &'static str {
        match self {
            Processed::Applied => "applied",
            Processed::NoChange => "no_change",
            Processed::Duplicate => "duplicate",
            Processed::Ignored => "ignored",
        }
    }
}

/// Applies a verified event: claims its id and applies it in one write transaction, then
/// announces a status change.
pub async fn process(state: &AppState, event: &Event) -> Result<Processed, AppError> {
    let meaning = event.meaning();
    if meaning == Meaning::Other {
        log::debug!(
            "webhook event {} ({}) is not acted on",
            event.id,
            event.name
        );
        return Ok(Processed::Ignored);
    }
    let Some(provider_id) = &event.inquiry_id else {
        log::debug!("webhook event {} names no inquiry", event.id);
        return Ok(Processed::Ignored);
    };
    let db = &state.db;
    let Some(inquiry) =
        repo::inquiry_status::find_by_provider_id(&db.connection, provider_id.as_str()).await?
    else {
        // Not one of ours (another integration on the same provider account), or created
        // an instant ago and not stored yet; the reconciler catches up with the latter.
        log::debug!("webhook event {} is about an unknown inquiry", event.id);
        return Ok(Processed::Ignored);
    };
    let scope = TenantScope::new(inquiry.tenant_id);
    let transaction = db.begin_write().await?;
    if !repo::webhook_events::claim(&*transaction, &event.id, &event.name, Some(inquiry.id)).await?
    {
        log::debug!("webhook event {} was processed before", event.id);
        return Ok(Processed::Duplicate);
    }
    let outcome = match meaning {
        Meaning::Status(new_status) => {
            let observation = Observation {
                status: new_status,
                at: Some(event.created_at),
                expires_at: event.expires_at,
                actor: ACTOR,
            };
            status::apply(&*transaction, scope, inquiry.id, observation).await?
        }
        Meaning::Redacted => {
            repo::audit::record(
                &*transaction,
                AuditEntry {
                    tenant_id: Some(scope.tenant_id()),
                    actor: ACTOR,
                    action: "inquiry.redacted",
                    subject: Some(&repo::audit::inquiry_subject(&inquiry.provider_inquiry_id)),
                    details: Some(json!({ "event": event.id })),
                },
            )
            .await?;
            Outcome::Confirmed
        }
        Meaning::Other => Outcome::Stale,
    };
    transaction.commit().await?;
    Ok(match outcome {
        Outcome::Changed(change) => {
            state.forget_status_change(change).await;
            Processed::Applied
        }
        Outcome::Confirmed | Outcome::Stale => Processed::NoChange,
    })
}
