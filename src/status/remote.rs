//! Recording what the provider says an inquiry is now (its answer to a retrieve), under
//! the same never-regress rule as webhooks: the reconciler's pass, and an extension that
//! must act on the inquiry's true state.

use crate::{db::Database, entities::inquiries, provider::Inquiry, repo::TenantScope};

use super::{apply, Observation, Outcome, StatusChanged};

/// Applies the provider's view `remote` of `local` as `actor`; the change, when it changed
/// something, for the caller to make the caches drop what they held about it.
pub async fn record_remote(
    db: &Database,
    local: &inquiries::Model,
    remote: &Inquiry,
    actor: &str,
) -> anyhow::Result<Option<StatusChanged>> {
    let Some(status) = remote.status.known() else {
        log::debug!(
            "status `{}` is not one the portal knows; skipped",
            remote.status
        );
        return Ok(None);
    };
    let observation = Observation {
        status,
        at: observed_at(remote),
        expires_at: remote.expires_at.map(|at| at.timestamp()),
        actor,
    };
    let transaction = db.begin_write().await?;
    let outcome = apply(
        &*transaction,
        TenantScope::new(local.tenant_id),
        local.id,
        observation,
    )
    .await?;
    transaction.commit().await?;
    Ok(match outcome {
        Outcome::Changed(change) => Some(change),
        Outcome::Confirmed | Outcome::Stale => None,
    })
}

/// When the provider's view was true: the latest of its timestamps, as a webhook's
/// `created-at` would say.
pub fn observed_at(inquiry: &Inquiry) -> Option<i64> {
    [
        inquiry.created_at,
        inquiry.started_at,
        inquiry.completed_at,
        inquiry.failed_at,
        inquiry.expired_at,
    ]
    .into_iter()
    .flatten()
    .max()
    .map(|at| at.timestamp())
}
