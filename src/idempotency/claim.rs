//! A held key ([`Claim`]) and how an answer is stored with it: in the operation's own
//! transaction when the operation offers one ([`Commit`]), encrypted.

use std::sync::{Arc, Mutex};

use sea_orm::ConnectionTrait;

use crate::{
    entities::idempotency_records,
    error::AppError,
    repo::{self, TenantScope},
    state::AppState,
};

use super::Answer;

/// The key held by this request. Cheap to clone: the operation and the runner share it.
#[derive(Clone)]
pub struct Claim(Arc<ClaimInner>);

struct ClaimInner {
    scope: TenantScope,
    key: String,
    record_id: i64,
    token: String,
    completed: Mutex<bool>,
}

impl Claim {
    pub(super) fn new(scope: TenantScope, record: &idempotency_records::Model) -> Self {
        Self(Arc::new(ClaimInner {
            scope,
            key: record.idempotency_key.clone(),
            record_id: record.id,
            token: record.claim_token.clone(),
            completed: Mutex::new(false),
        }))
    }

    /// The key as stored (what provider keys of this request are derived from).
    pub fn key(&self) -> &str {
        &self.0.key
    }

    pub(super) fn is_completed(&self) -> bool {
        self.0.completed.lock().map(|done| *done).unwrap_or(false)
    }

    /// Stores the answer through `db`: the operation's own transaction, so that the answer
    /// commits with the effect or not at all. Refused (409, rolling the effect back) when
    /// another attempt took the claim over meanwhile.
    pub(super) async fn complete(
        &self,
        state: &AppState,
        db: &impl ConnectionTrait,
        answer: &Answer,
    ) -> Result<(), AppError> {
        let inner = &self.0;
        let sealed = seal(state, inner.scope, &inner.key, &answer.body)?;
        let stored =
            repo::idempotency::complete(db, inner.record_id, &inner.token, answer.status, &sealed)
                .await?;
        if !stored {
            return Err(AppError::Conflict(
                "Another attempt with this key took over after this one stalled; send the request again to get its answer.".into(),
            ));
        }
        if let Ok(mut done) = inner.completed.lock() {
            *done = true;
        }
        Ok(())
    }

    pub(super) async fn release(&self, state: &AppState) {
        let inner = &self.0;
        let released =
            repo::idempotency::release(&state.db.connection, inner.record_id, &inner.token).await;
        if let Err(error) = released {
            // The claim stays until it is taken over after TAKEOVER_AFTER_SECONDS.
            log::warn!("could not release an idempotency claim: {error}");
        }
    }
}

/// Stores the answer (its flash too) in `db`, completing the claim when there is one.
pub(super) async fn store(
    state: &AppState,
    db: &impl ConnectionTrait,
    scope: TenantScope,
    claim: Option<&Claim>,
    answer: &Answer,
) -> Result<(), AppError> {
    if let Some(flash) = &answer.flash {
        flash.insert(db, scope).await?;
    }
    match claim {
        Some(claim) => claim.complete(state, db, answer).await,
        None => Ok(()),
    }
}

/// An operation's answer, written in the operation's own transaction ([`Commit::write`])
/// so that a request that committed always finds its answer on retry.
pub struct Commit<'a, T> {
    scope: TenantScope,
    claim: Option<Claim>,
    render: &'a (dyn Fn(&T) -> Result<Answer, AppError> + Sync),
    written: Mutex<Option<Answer>>,
}

impl<'a, T> Commit<'a, T> {
    pub fn new(
        scope: TenantScope,
        claim: Option<Claim>,
        render: &'a (dyn Fn(&T) -> Result<Answer, AppError> + Sync),
    ) -> Self {
        Self {
            scope,
            claim,
            render,
            written: Mutex::new(None),
        }
    }

    /// The request's key, when it has one.
    pub fn key(&self) -> Option<&str> {
        self.claim.as_ref().map(Claim::key)
    }

    /// Renders the answer for `value` and stores it through `db` (the caller's transaction).
    pub async fn write(
        &self,
        state: &AppState,
        db: &impl ConnectionTrait,
        value: &T,
    ) -> Result<(), AppError> {
        let answer = (self.render)(value)?;
        store(state, db, self.scope, self.claim.as_ref(), &answer).await?;
        if let Ok(mut written) = self.written.lock() {
            *written = Some(answer);
        }
        Ok(())
    }

    /// The answer written with the effect, or (when nothing was written) one rendered now.
    pub fn answer(&self, value: &T) -> Result<Answer, AppError> {
        match self.written.lock().ok().and_then(|mut w| w.take()) {
            Some(answer) => Ok(answer),
            None => (self.render)(value),
        }
    }
}

/// Stored answers are encrypted: a link's creation answer carries its URL (the link
/// token), its access code and its session token, which the database otherwise keeps
/// only hashed or encrypted.
fn seal(state: &AppState, scope: TenantScope, key: &str, body: &str) -> Result<String, AppError> {
    let context = format!("idempotency:{}:{key}", scope.tenant_id());
    state
        .cipher
        .encrypt(body, &context)
        .map_err(AppError::internal)
}

pub(super) fn unseal(
    state: &AppState,
    scope: TenantScope,
    key: &str,
    sealed: &str,
) -> Result<String, AppError> {
    let context = format!("idempotency:{}:{key}", scope.tenant_id());
    state.cipher.decrypt(sealed, &context).map_err(|_| {
        AppError::Conflict(
            "The answer to this key can no longer be replayed; send the request with a new key."
                .into(),
        )
    })
}
