//! The bulk worker: leases a started job (compare-and-swap, so two instances never work
//! on one job at once), issues its ready lines a few at a time, and marks it finished
//! when none are left. A cancelled job loses its lease at the next renewal.
//!
//! Each line is issued under an idempotency key derived from the line's key: a worker
//! that dies after the provider created the inquiry, or after the link was stored,
//! finds that inquiry or that link on the retry instead of making a second one.

use std::time::Duration;

use futures_util::{stream, StreamExt};

use crate::{
    domain::{random_token, BulkRowStatus},
    entities::{bulk_jobs, bulk_rows},
    error::AppError,
    idempotency::{self, Answer, Remember},
    links::issue::{self, IssuedLink},
    repo::{self, webhook_outbox::now_ms, TenantScope},
    state::AppState,
};

use super::lines::LineValues;

/// How long a lease lasts without renewal: a worker that died frees its job after this.
const LEASE: Duration = Duration::from_secs(30);
/// After the provider or the database failed, the job rests this long before a retry.
const BACK_OFF: Duration = Duration::from_secs(5);
/// Lines taken per round (the lease is renewed between rounds).
const ROUND: u64 = 20;
/// Lines issued at once: the provider's answer is the slow part.
const AT_ONCE: usize = 4;

/// One pass: works on every started job no one holds. Returns how many lines it issued
/// or settled.
pub async fn run_once(state: &AppState) -> Result<usize, AppError> {
    let db = &state.db.connection;
    let mut settled = 0;
    for job in repo::bulk_worker::unleased_issuing(db, now_ms(), 10).await? {
        let token = random_token(12);
        if renew(state, &job, &token, LEASE).await? {
            settled += work_on(state, &job, &token).await?;
        }
    }
    Ok(settled)
}

async fn renew(
    state: &AppState,
    job: &bulk_jobs::Model,
    token: &str,
    length: Duration,
) -> Result<bool, AppError> {
    let at = now_ms();
    let until = at + i64::try_from(length.as_millis()).unwrap_or(i64::MAX / 2);
    Ok(repo::bulk_worker::lease(&state.db.connection, job.id, at, until, token).await?)
}

/// Issues the job's ready lines round by round while it holds the lease.
async fn work_on(state: &AppState, job: &bulk_jobs::Model, token: &str) -> Result<usize, AppError> {
    let db = &state.db.connection;
    let template = repo::template_connections::find_by_id(
        db,
        TenantScope::new(job.tenant_id),
        job.template_connection_id,
    )
    .await?;
    let Some(template) = template else {
        return Ok(0);
    };
    let mut settled = 0;
    loop {
        let rows = repo::bulk_worker::ready_rows(db, job.id, ROUND).await?;
        if rows.is_empty() {
            if repo::bulk_worker::finish(db, job.id, token).await? {
                super::finished(state, job).await?;
            }
            return Ok(settled);
        }
        let outcomes: Vec<Result<(), AppError>> = stream::iter(rows)
            .map(|row| settle(state, job, &template.provider_template_id, row))
            .buffer_unordered(AT_ONCE)
            .collect()
            .await;
        let failed = outcomes.iter().filter(|outcome| outcome.is_err()).count();
        settled += outcomes.len() - failed;
        if let Some(Err(error)) = outcomes.into_iter().find(Result::is_err) {
            // The provider is at its rate limit (Persona creates 150 inquiries a minute by
            // default) or something is unwell: rest, then another pass goes on.
            let pause = match error {
                AppError::ProviderBusy {
                    retry_after_seconds,
                } => Duration::from_secs(retry_after_seconds.clamp(1, 60)),
                _ => {
                    log::warn!("bulk upload {} paused: {error}", job.public_id);
                    BACK_OFF
                }
            };
            renew(state, job, token, pause).await?;
            return Ok(settled);
        }
        if !renew(state, job, token, LEASE).await? {
            // Cancelled, or another worker took over after this one stalled.
            return Ok(settled);
        }
    }
}

/// Issues one line, or records why it cannot be. An error leaves it ready for a retry.
async fn settle(
    state: &AppState,
    job: &bulk_jobs::Model,
    template_id: &str,
    row: bulk_rows::Model,
) -> Result<(), AppError> {
    let db = &state.db.connection;
    let scope = TenantScope::new(job.tenant_id);
    let earlier = repo::bulk_jobs::issued_for_keys(db, scope, std::slice::from_ref(&row.row_key))
        .await?
        .into_iter()
        .find(|(_, link_id)| Some(*link_id) != row.link_id);
    if let Some((_, link_id)) = earlier {
        // Another upload issued the same line meanwhile.
        let status = BulkRowStatus::AlreadyIssued;
        repo::bulk_worker::finish_row(db, row.id, status, None, Some(link_id)).await?;
        return Ok(());
    }
    let Some(values) = unseal(state, &row) else {
        let problem = Some("The line's values could not be read back; upload it again.".into());
        repo::bulk_worker::finish_row(db, row.id, BulkRowStatus::Failed, problem, None).await?;
        return Ok(());
    };
    let request = values.request(template_id, job.send_email);
    let key = format!("bulk-line-{}", row.row_key);
    // What is remembered under the line's key: its link, found again on a retry.
    let render =
        |issued: &IssuedLink| Answer::json(201, &serde_json::json!({ "link_id": issued.link.id }));
    let outcome = idempotency::run(
        state,
        scope,
        Some(&key),
        &row.row_key,
        Remember::Nothing,
        |claim| {
            let actor = job.created_by.as_str();
            issue::issue_answering(state, scope, (actor, &request), claim, &render)
        },
    )
    .await;
    let (status, problem, link_id) = match outcome {
        Ok(outcome) => {
            let link_id = serde_json::from_str::<serde_json::Value>(&outcome.answer.body)
                .ok()
                .and_then(|body| body["link_id"].as_i64())
                .and_then(|id| i32::try_from(id).ok());
            (BulkRowStatus::Issued, None, link_id)
        }
        Err(error) if is_lasting(&error) => {
            (BulkRowStatus::Failed, Some(error.public_message()), None)
        }
        Err(error) => return Err(error),
    };
    repo::bulk_worker::finish_row(db, row.id, status, problem, link_id).await?;
    Ok(())
}

/// A refusal that a retry would get again (a value the provider refuses, say), as
/// opposed to the provider or the database being unwell for a while.
fn is_lasting(error: &AppError) -> bool {
    !matches!(
        error,
        AppError::Internal(_)
            | AppError::ServiceUnavailable(_)
            | AppError::ProviderBusy { .. }
            | AppError::RequestTimeout
            | AppError::Conflict(_)
    )
}

fn unseal(state: &AppState, row: &bulk_rows::Model) -> Option<LineValues> {
    let sealed = row.payload_encrypted.as_deref()?;
    let json = state
        .cipher
        .decrypt(sealed, &super::payload_context(&row.row_key))
        .ok()?;
    serde_json::from_str(&json).ok()
}
