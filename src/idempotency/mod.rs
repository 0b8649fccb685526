//! Exactly once (DESIGN 13.2). A request that carries a key (the tenant API's
//! `Idempotency-Key`, an admin form's one-time form key) claims it, runs, and stores its
//! answer; a repeat gets that answer and causes no second effect. Operations that write
//! complete the claim inside their own transaction ([`Commit`]), so an effect never commits
//! without its answer. A claim whose request died (a crash, a cut connection) is taken over
//! after [`TAKEOVER_AFTER_SECONDS`]; records are purged after [`RETENTION_SECONDS`].

mod claim;
pub mod form_key;
pub mod secret_flash;

use std::{
    future::Future,
    time::{Duration, Instant},
};

use serde::Serialize;

use crate::{
    crypto::sha256_hex,
    db::now,
    domain::random_token,
    entities::idempotency_records,
    error::AppError,
    repo::{
        self,
        idempotency::{Claimed, NewClaim},
        TenantScope,
    },
    state::AppState,
};

pub use claim::{Claim, Commit};
pub use secret_flash::Flash;

use claim::{store, unseal};

/// An unanswered claim this old belongs to a request that died: the next repeat runs it.
pub const TAKEOVER_AFTER_SECONDS: i64 = 60;
/// How long keys are remembered.
pub const RETENTION_SECONDS: i64 = 24 * 60 * 60;
/// How long a repeat waits for the first request before answering "still in progress".
const WAIT_FOR_FIRST: Duration = Duration::from_secs(15);
const POLL: Duration = Duration::from_millis(50);

/// What a request answered: its status and JSON body, and for a form the secret its
/// answer's page shows once (stored with the answer, never replayed).
pub struct Answer {
    pub status: u16,
    pub body: String,
    pub flash: Option<Flash>,
    /// False for an answer that is not final (a batch with an item that failed for a
    /// reason that may clear): it is sent but not remembered, and the key is released so
    /// that a repeat runs again (what it finishes is found under its own keys).
    pub is_final: bool,
}

impl Answer {
    pub fn json(status: u16, body: &impl Serialize) -> Result<Self, AppError> {
        Ok(Self {
            status,
            body: serde_json::to_string(body).map_err(AppError::internal)?,
            flash: None,
            is_final: true,
        })
    }

    /// This answer, sent but not remembered (see [`Answer::is_final`]).
    pub fn provisional(self) -> Self {
        Self {
            is_final: false,
            ..self
        }
    }

    /// The JSON answer of the tenant API for `error`.
    fn of_error(error: &AppError) -> Self {
        let status = actix_web::ResponseError::status_code(error).as_u16();
        let body = serde_json::json!({
            "error": {"type": error.kind(), "message": error.public_message()}
        });
        Self {
            status,
            body: body.to_string(),
            flash: None,
            is_final: true,
        }
    }
}

/// Which failures a key remembers: the tenant API replays a 4xx that the same request
/// would get again; a form forgets every failure, so the corrected form can be sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Remember {
    ClientErrors,
    Nothing,
}

/// A request's answer, and whether it is the stored answer of an earlier request.
pub struct Outcome {
    pub answer: Answer,
    pub replayed: bool,
}

/// Runs `operation` at most once per key (always, without a key). The operation gets the
/// claim to complete in its own transaction through a [`Commit`]; an answer it did not
/// store that way is stored after it.
pub async fn run<F, Fut>(
    state: &AppState,
    scope: TenantScope,
    key: Option<&str>,
    request_hash: &str,
    remember: Remember,
    operation: F,
) -> Result<Outcome, AppError>
where
    F: FnOnce(Option<Claim>) -> Fut,
    Fut: Future<Output = Result<Answer, AppError>>,
{
    let claim = match key {
        Some(key) => match begin(state, scope, key, request_hash).await? {
            Begun::Replay(answer) => {
                return Ok(Outcome {
                    answer,
                    replayed: true,
                })
            }
            Begun::Claimed(claim) => Some(claim),
        },
        None => None,
    };
    let result = operation(claim.clone()).await;
    let answer = match claim {
        Some(claim) => finish(state, scope, &claim, result, remember).await?,
        None => result?,
    };
    Ok(Outcome {
        answer,
        replayed: false,
    })
}

/// What a request with a key found.
pub enum Begun {
    /// The request holds the key: run it, then [`keep`] its answer or [`release`] the key.
    Claimed(Claim),
    /// An earlier request with the key answered this.
    Replay(Answer),
}

/// Claims `key`, or finds its answer: waits while a live request holds it, takes over a
/// claim whose request died.
pub async fn begin(
    state: &AppState,
    scope: TenantScope,
    key: &str,
    request_hash: &str,
) -> Result<Begun, AppError> {
    let db = &state.db.connection;
    let started = Instant::now();
    loop {
        let token = random_token(24);
        let claim = NewClaim {
            key,
            request_hash,
            claim_token: &token,
            at: now(),
        };
        let existing = match repo::idempotency::claim(db, scope, claim).await? {
            Claimed::New(record) => return Ok(Begun::Claimed(Claim::new(scope, &record))),
            Claimed::Existing(record) => record,
        };
        if let Some(begun) = wait_for(state, scope, existing, request_hash, started).await? {
            return Ok(begun);
        }
        // The first request released the key (it failed on our side): claim it again.
    }
}

/// Follows a held record until it is answered (a replay), stale (taken over), or gone
/// (`None`: claim again).
async fn wait_for(
    state: &AppState,
    scope: TenantScope,
    mut record: idempotency_records::Model,
    request_hash: &str,
    started: Instant,
) -> Result<Option<Begun>, AppError> {
    let db = &state.db.connection;
    loop {
        if record.request_hash != request_hash {
            return Err(AppError::Conflict(
                "This key was already used for a different request.".into(),
            ));
        }
        if let Some(status) = record.response_status {
            let body = match record.response_body.as_deref() {
                Some(sealed) => unseal(state, scope, &record.idempotency_key, sealed)?,
                None => String::new(),
            };
            let status = u16::try_from(status).unwrap_or(200);
            return Ok(Some(Begun::Replay(Answer {
                status,
                body,
                flash: None,
                is_final: true,
            })));
        }
        let at = now();
        let token = random_token(24);
        let stale_before = at - TAKEOVER_AFTER_SECONDS;
        if record.claimed_at.max(record.created_at) <= stale_before
            && repo::idempotency::take_over(db, &record, &token, at, stale_before).await?
        {
            record.claim_token = token;
            return Ok(Some(Begun::Claimed(Claim::new(scope, &record))));
        }
        if started.elapsed() > WAIT_FOR_FIRST {
            return Err(AppError::Conflict(
                "A request with this key is still in progress; send it again in a minute.".into(),
            ));
        }
        tokio::time::sleep(POLL).await;
        match repo::idempotency::find(db, scope, &record.idempotency_key).await? {
            Some(found) => record = found,
            None => return Ok(None),
        }
    }
}

/// Stores what the operation answered (unless it did so itself), or releases the claim.
async fn finish(
    state: &AppState,
    scope: TenantScope,
    claim: &Claim,
    result: Result<Answer, AppError>,
    remember: Remember,
) -> Result<Answer, AppError> {
    match result {
        Ok(answer) if !answer.is_final => {
            release(state, claim).await;
            Ok(answer)
        }
        Ok(answer) => keep(state, scope, claim, answer).await,
        Err(error)
            if remember == Remember::ClientErrors
                && error.is_remembered_client_error()
                && !claim.is_completed() =>
        {
            let answer = Answer::of_error(&error);
            claim.complete(state, &state.db.connection, &answer).await?;
            Err(error)
        }
        Err(error) => {
            release(state, claim).await;
            Err(error)
        }
    }
}

/// Stores the answer of a claimed request that succeeded (unless its operation stored it
/// with its effect), with its flash.
pub async fn keep(
    state: &AppState,
    scope: TenantScope,
    claim: &Claim,
    answer: Answer,
) -> Result<Answer, AppError> {
    if claim.is_completed() {
        return Ok(answer);
    }
    let write = state.db.begin_write().await?;
    store(state, &*write, scope, Some(claim), &answer).await?;
    write.commit().await?;
    Ok(answer)
}

/// Gives the key of a request that failed back, so that its retry runs. Only an unanswered
/// claim is released: an operation that committed its answer and failed afterwards keeps
/// it for the retry.
pub async fn release(state: &AppState, claim: &Claim) {
    claim.release(state).await;
}

/// The fingerprint of a request: the same key with another request is refused.
pub fn request_hash(method_and_path: &str, body: &[u8]) -> String {
    let mut fingerprint = method_and_path.as_bytes().to_vec();
    fingerprint.push(b' ');
    fingerprint.extend_from_slice(body);
    sha256_hex(fingerprint)
}

/// Deletes records (and secret flashes) older than a day, and forgets the secrets of
/// flashes that expired unshown. Returns how many records went.
pub async fn purge(state: &AppState) -> Result<u64, AppError> {
    let db = &state.db.connection;
    let at = now();
    let cutoff = at - RETENTION_SECONDS;
    let purged = repo::idempotency::purge_created_before(db, cutoff).await?;
    repo::secret_flashes::forget_expired(db, at).await?;
    repo::secret_flashes::purge_created_before(db, cutoff).await?;
    Ok(purged)
}
