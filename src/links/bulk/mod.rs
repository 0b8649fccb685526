//! Bulk issuing (DESIGN 13.6, issue #17): an admin uploads a CSV file for one template;
//! every line is checked before anything is created (the preview); once started, a
//! worker issues a link per ready line, each exactly once, and the result is a CSV file.
//!
//! Exactly once, at three levels: the same file for the same template is the same job
//! (its digest); a line identical to one an earlier upload issued is not issued again
//! (its key, [`lines`]); and each line's issue runs under an idempotency key derived from
//! it, so a worker that dies mid-line never creates a second inquiry ([`worker`]).

pub mod lines;
pub mod report;
pub mod sheet;
pub mod worker;

use crate::{
    crypto::sha256_hex,
    domain::{BulkRowStatus, FieldErrors},
    entities::{bulk_jobs, template_connections},
    error::AppError,
    repo::{self, audit::AuditEntry, bulk_jobs::NewRow, TenantScope},
    state::AppState,
};

use lines::{Against, CheckedLine};
use sheet::{Column, Sheet};

/// An uploaded file and what the admin chose with it.
pub struct Upload<'a> {
    pub template_id: &'a str,
    pub file_name: &'a str,
    pub bytes: &'a [u8],
    pub send_email: bool,
}

/// A new job in preview, or the job this very file already has.
pub enum Uploaded {
    New(bulk_jobs::Model),
    Again(bulk_jobs::Model),
}

pub enum UploadError {
    /// The form's fields (`template_id`, `file`) with what is wrong with them.
    Invalid(FieldErrors),
    App(AppError),
}

impl From<AppError> for UploadError {
    fn from(error: AppError) -> Self {
        UploadError::App(error)
    }
}

impl From<sea_orm::DbErr> for UploadError {
    fn from(error: sea_orm::DbErr) -> Self {
        UploadError::App(error.into())
    }
}

fn invalid(field: &str, message: impl Into<String>) -> UploadError {
    let mut errors = FieldErrors::default();
    errors.add(field, message);
    UploadError::Invalid(errors)
}

/// Reads and checks the file, and stores it as a job in preview (nothing is issued).
pub async fn upload(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    upload: Upload<'_>,
) -> Result<Uploaded, UploadError> {
    let db = &state.db.connection;
    let template = repo::template_connections::find_by_template(db, scope, upload.template_id)
        .await?
        .ok_or_else(|| {
            invalid(
                "template_id",
                "Choose a template connected to your account.",
            )
        })?;
    let digest = sha256_hex(upload.bytes);
    if let Some(job) = repo::bulk_jobs::find_by_file(db, scope, template.id, &digest).await? {
        return Ok(Uploaded::Again(job));
    }
    let sheet = sheet::read(upload.bytes).map_err(|message| invalid("file", message))?;
    allowed_by_template(&sheet, &template).map_err(|message| invalid("file", message))?;
    let policy = repo::policies::get(db, scope).await?;
    let against = Against {
        tenant_id: scope.tenant_id(),
        template: &template,
        policy: &policy,
        send_email: upload.send_email,
    };
    let checked = lines::check_all(&sheet, &against);
    let rows = new_rows(state, scope, checked).await?;
    let file_name = file_name(upload.file_name);
    let write = state.db.begin_write().await?;
    let new_job = repo::bulk_jobs::NewJob {
        template_connection_id: template.id,
        file_name: &file_name,
        file_digest: &digest,
        send_email: upload.send_email,
        total_rows: i32::try_from(rows.len()).unwrap_or(i32::MAX),
        created_by: actor,
    };
    let job = match repo::bulk_jobs::insert_job(&*write, scope, new_job).await {
        Ok(job) => job,
        // The same file, sent twice at once: the other request stored it.
        Err(error) => {
            drop(write);
            return match repo::bulk_jobs::find_by_file(db, scope, template.id, &digest).await? {
                Some(job) => Ok(Uploaded::Again(job)),
                None => Err(error.into()),
            };
        }
    };
    let total = rows.len();
    repo::bulk_jobs::insert_rows(&*write, scope, job.id, rows).await?;
    audit(
        &*write,
        scope,
        actor,
        "bulk.uploaded",
        &job,
        serde_json::json!({ "rows": total }),
    )
    .await?;
    write.commit().await?;
    Ok(Uploaded::New(job))
}

/// Every prefill column must be one the template allows: a whole column is the file's
/// problem, not each line's.
fn allowed_by_template(
    sheet: &Sheet,
    template: &template_connections::Model,
) -> Result<(), String> {
    let allowed = template.allowed_field_names();
    let refused: Vec<&str> = sheet
        .columns
        .iter()
        .filter_map(|column| match column {
            Column::Prefill(field) if !allowed.iter().any(|a| a == field.as_str()) => {
                Some(field.as_str())
            }
            _ => None,
        })
        .collect();
    if refused.is_empty() {
        return Ok(());
    }
    Err(format!(
        "The template “{}” does not allow prefilling {}. Remove {} or choose another template.",
        template.name,
        refused.join(", "),
        if refused.len() == 1 {
            "that column"
        } else {
            "those columns"
        }
    ))
}

/// The rows to store: each line's values sealed, and a line an earlier upload already
/// issued marked with that link.
async fn new_rows(
    state: &AppState,
    scope: TenantScope,
    checked: Vec<CheckedLine>,
) -> Result<Vec<NewRow>, AppError> {
    let keys: Vec<String> = checked.iter().map(|line| line.key.clone()).collect();
    let issued: std::collections::HashMap<String, i32> =
        repo::bulk_jobs::issued_for_keys(&state.db.connection, scope, &keys)
            .await?
            .into_iter()
            .collect();
    let mut rows = Vec::with_capacity(checked.len());
    for line in checked {
        let earlier = issued.get(&line.key).copied();
        let status = match (&line.problem, earlier) {
            (Some(_), _) => BulkRowStatus::Invalid,
            (None, Some(_)) => BulkRowStatus::AlreadyIssued,
            (None, None) => BulkRowStatus::Ready,
        };
        let payload = match status {
            BulkRowStatus::AlreadyIssued => None,
            _ => Some(seal(state, &line)?),
        };
        rows.push(NewRow {
            line_number: line.number,
            row_key: line.key,
            reference_id: line
                .values
                .reference_id
                .map(|r| r.chars().take(255).collect()),
            payload_encrypted: payload,
            status,
            problem: line.problem,
            link_id: earlier.filter(|_| status == BulkRowStatus::AlreadyIssued),
        });
    }
    Ok(rows)
}

/// A line's values can be personal data (names, addresses): stored encrypted, and only
/// until the line is done.
fn seal(state: &AppState, line: &CheckedLine) -> Result<String, AppError> {
    let json = serde_json::to_string(&line.values).map_err(AppError::internal)?;
    state
        .cipher
        .encrypt(&json, &payload_context(&line.key))
        .map_err(AppError::internal)
}

fn payload_context(row_key: &str) -> String {
    format!("bulk-line:{row_key}")
}

/// The name shown for the file: its last path part, printable, at most 255 characters.
fn file_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base.chars().filter(|c| !c.is_control()).take(255).collect();
    if clean.trim().is_empty() {
        "upload.csv".into()
    } else {
        clean
    }
}

/// Starts issuing a job in preview. Lines with problems block it unless `leave_out`.
pub async fn start(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    job: &bulk_jobs::Model,
    leave_out: bool,
) -> Result<(), AppError> {
    let counts = report::counts(state, scope, job).await?;
    if counts.invalid > 0 && !leave_out {
        let lines = match counts.invalid {
            1 => "1 line has problems".to_owned(),
            n => format!("{n} lines have problems"),
        };
        return Err(AppError::Conflict(format!(
            "{lines}: fix them and upload the file again, or leave them out."
        )));
    }
    let write = state.db.begin_write().await?;
    if !repo::bulk_jobs::start(&*write, scope, job.id, leave_out).await? {
        return Err(AppError::Conflict(
            "This upload has already been started.".into(),
        ));
    }
    let details = serde_json::json!({ "left_out": if leave_out { counts.invalid } else { 0 } });
    audit(&*write, scope, actor, "bulk.started", job, details).await?;
    write.commit().await?;
    Ok(())
}

/// Stops a job that is issuing: the lines not yet issued stay unissued.
pub async fn cancel(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    job: &bulk_jobs::Model,
) -> Result<(), AppError> {
    let write = state.db.begin_write().await?;
    if !repo::bulk_jobs::cancel(&*write, scope, job.id).await? {
        return Err(AppError::Conflict(
            "This upload is not issuing any more.".into(),
        ));
    }
    audit(
        &*write,
        scope,
        actor,
        "bulk.cancelled",
        job,
        serde_json::json!({}),
    )
    .await?;
    write.commit().await?;
    Ok(())
}

/// Records that the worker issued every line of `job` (in the name of who started it).
pub(crate) async fn finished(state: &AppState, job: &bulk_jobs::Model) -> Result<(), AppError> {
    let scope = TenantScope::new(job.tenant_id);
    let counts = report::counts(state, scope, job).await?;
    let details = serde_json::json!({
        BulkRowStatus::Issued.as_str(): counts.issued,
        BulkRowStatus::Failed.as_str(): counts.failed,
    });
    let db = &state.db.connection;
    audit(db, scope, &job.created_by, "bulk.finished", job, details).await
}

/// How long an upload may wait in preview: after a week nobody is coming back to it, and
/// its lines hold personal data.
pub const PREVIEW_KEPT_SECONDS: i64 = 7 * 24 * 60 * 60;

/// Deletes uploads left in preview for longer than [`PREVIEW_KEPT_SECONDS`]; returns how
/// many went.
pub async fn purge_abandoned(state: &AppState) -> Result<u64, AppError> {
    let cutoff = crate::db::now() - PREVIEW_KEPT_SECONDS;
    let write = state.db.begin_write().await?;
    let purged = repo::bulk_worker::purge_previews_before(&*write, cutoff).await?;
    write.commit().await?;
    Ok(purged)
}

/// The tenant's job with this public id; another tenant's is not found.
pub async fn find(
    state: &AppState,
    scope: TenantScope,
    public_id: &str,
) -> Result<bulk_jobs::Model, AppError> {
    repo::bulk_jobs::find(&state.db.connection, scope, public_id)
        .await?
        .ok_or(AppError::NotFound)
}

async fn audit(
    db: &impl sea_orm::ConnectionTrait,
    scope: TenantScope,
    actor: &str,
    action: &str,
    job: &bulk_jobs::Model,
    details: serde_json::Value,
) -> Result<(), AppError> {
    let subject = format!("bulk:{}", job.public_id);
    repo::audit::record(
        db,
        AuditEntry {
            tenant_id: Some(scope.tenant_id()),
            actor,
            action,
            subject: Some(&subject),
            details: Some(details),
        },
    )
    .await?;
    Ok(())
}
