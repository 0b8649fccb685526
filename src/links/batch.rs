//! Issuing many links in one request (the tenant API's batch): the items one after the
//! other, in order, each exactly as a single issue would run it.
//!
//! With a request key, each item runs under a key of its own derived from it, so a retry
//! of a batch that died or stopped half-way gets the links already issued back (the same
//! links, the same provider inquiries) and issues only the rest. An item that fails for a
//! reason that may clear (the provider unavailable or busy, a conflict) stops the batch:
//! the items after it are not attempted, since the next would most likely fail the same
//! way after waiting for the provider just as long.

use crate::{
    crypto::sha256_hex,
    error::AppError,
    idempotency::{self, Answer, Remember},
    repo::TenantScope,
    state::AppState,
};

use super::issue::{self, IssueRequest, IssuedLink};

/// One item of a batch: the request and its fingerprint (the same item sent again must
/// have the same one).
pub struct BatchItem {
    pub request: IssueRequest,
    pub fingerprint: String,
}

/// What became of an item.
pub enum ItemOutcome {
    /// Its answer: the issued link (201), or a refusal remembered under its key earlier.
    Answered(Answer),
    /// Refused for good (the same item would be refused again): nothing was issued.
    Refused(AppError),
    /// Failed for a reason that may clear: nothing was issued for it, nothing remembered.
    Failed(AppError),
    /// Not attempted, because an earlier item failed for a reason that may clear.
    NotAttempted,
}

impl ItemOutcome {
    /// Whether a retry would find this outcome again (so the batch's answer may be kept).
    pub fn is_final(&self) -> bool {
        matches!(self, ItemOutcome::Answered(_) | ItemOutcome::Refused(_))
    }
}

/// The key item `index` of a batch sent with `key` runs under. Hashed, because the
/// request's key may already use all the 255 characters a key may have.
pub fn item_key(key: &str, index: usize) -> String {
    let digest = sha256_hex(format!("batch:{key}"));
    format!("batch-{}#{index}", &digest[..48])
}

/// Issues `items` in order; `render` is the answer of an issued link (stored with it under
/// the item's key when the batch has a key).
pub async fn issue_all(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    key: Option<&str>,
    items: &[BatchItem],
    render: &(dyn Fn(&IssuedLink) -> Result<Answer, AppError> + Sync),
) -> Vec<ItemOutcome> {
    let mut outcomes = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        if outcomes.iter().any(|o| matches!(o, ItemOutcome::Failed(_))) {
            outcomes.push(ItemOutcome::NotAttempted);
            continue;
        }
        let item_key = key.map(|key| item_key(key, index));
        let run = idempotency::run(
            state,
            scope,
            item_key.as_deref(),
            &item.fingerprint,
            Remember::ClientErrors,
            |claim| issue::issue_answering(state, scope, (actor, &item.request), claim, render),
        )
        .await;
        outcomes.push(match run {
            Ok(outcome) => ItemOutcome::Answered(outcome.answer),
            Err(error) if error.is_remembered_client_error() => ItemOutcome::Refused(error),
            Err(error) => {
                if let AppError::Internal(inner) = &error {
                    log::error!("internal error in batch item {index}: {inner:#}");
                }
                ItemOutcome::Failed(error)
            }
        });
    }
    outcomes
}
