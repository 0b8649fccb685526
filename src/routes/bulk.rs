//! `/links/bulk`: issue links from a CSV file. Upload → preview (nothing created) →
//! start → progress → result file. Each step is a PRG round trip; the progress page
//! refreshes itself with a `Refresh` header, so it works without JavaScript.

use actix_session::Session;
use actix_web::{http::StatusCode, web, HttpResponse};
use serde::Deserialize;

use crate::{
    auth::{ProtectedForm, ProtectedUpload, TenantUser, CSV_MAX_BYTES},
    domain::{BulkJobStatus, FieldErrors, PublicId},
    entities::bulk_jobs,
    error::AppError,
    links::{
        bulk::{self, report, Upload, UploadError, Uploaded},
        pages,
    },
    state::AppState,
    views::{
        bulk::{BulkFormView, BulkJobView, JobReport},
        components::timestamp_text,
        page_response, Flash, Nav,
    },
};

use super::see_other;

/// What the upload form sent besides the file.
struct Choices {
    template_id: String,
    send_email: bool,
}

impl Choices {
    fn of(fields: &[(String, String)]) -> Self {
        let value = |name: &str| {
            fields
                .iter()
                .find(|(field, _)| field == name)
                .map(|(_, value)| value.trim().to_owned())
        };
        Self {
            template_id: value("template_id").unwrap_or_default(),
            send_email: value("send_email").is_some_and(|v| v == "true"),
        }
    }
}

async fn form_page(
    state: &AppState,
    member: &TenantUser,
    choices: Option<&Choices>,
    errors: &FieldErrors,
    flash: Option<Flash>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let context = pages::new_link_context(state, member.scope()).await?;
    let recent = report::recent(state, member.scope()).await?;
    let view = BulkFormView {
        templates: &context.templates,
        chosen_template: choices.map_or("", |c| c.template_id.as_str()),
        send_email: choices.is_some_and(|c| c.send_email),
        errors,
        csrf_token: &member.current.csrf_token,
        recent: &recent,
    };
    let content = crate::views::bulk::bulk_form_page(&view);
    let title = "Issue links in bulk";
    let viewer = member.current.viewer();
    Ok(page_response(
        viewer,
        title,
        Nav::Links,
        flash,
        status,
        content,
    ))
}

pub async fn show_bulk_form(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
) -> Result<HttpResponse, AppError> {
    member.require_issuer()?;
    let errors = FieldErrors::default();
    form_page(
        &state,
        &member,
        None,
        &errors,
        Flash::take(&session),
        StatusCode::OK,
    )
    .await
}

pub async fn upload_bulk_file(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
    upload: ProtectedUpload<CSV_MAX_BYTES>,
) -> Result<HttpResponse, AppError> {
    member.require_issuer()?;
    let choices = Choices::of(&upload.fields);
    let refused = |message: &str| {
        let mut errors = FieldErrors::default();
        errors.add("file", message);
        errors
    };
    let (errors, status) = match &upload.file {
        None => (
            refused("Choose a CSV file."),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Some(file) if file.too_large => (
            refused("The file is larger than 5 MB; split it into smaller files."),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        Some(file) => {
            let upload = Upload {
                template_id: &choices.template_id,
                file_name: &file.name,
                bytes: &file.bytes,
                send_email: choices.send_email,
            };
            let actor = member.current.actor();
            match bulk::upload(&state, member.scope(), &actor, upload).await {
                Ok(uploaded) => return Ok(uploaded_response(&session, uploaded)),
                Err(UploadError::Invalid(errors)) => (errors, StatusCode::UNPROCESSABLE_ENTITY),
                Err(UploadError::App(error)) => return Err(error),
            }
        }
    };
    form_page(&state, &member, Some(&choices), &errors, None, status).await
}

fn uploaded_response(session: &Session, uploaded: Uploaded) -> HttpResponse {
    let job = match uploaded {
        Uploaded::New(job) => {
            Flash::success(
                session,
                "The file was checked. Nothing has been created yet.",
            );
            job
        }
        Uploaded::Again(job) => {
            Flash::success(
                session,
                format!(
                    "This file was already uploaded on {}: here it is. Nothing new was created.",
                    timestamp_text(job.created_at)
                ),
            );
            job
        }
    };
    see_other(&job_path(&job))
}

fn job_path(job: &bulk_jobs::Model) -> String {
    format!("/links/bulk/{}", job.public_id)
}

/// The tenant's upload named in the path; a malformed or another tenant's id is a 404.
async fn job_of(
    state: &AppState,
    member: &TenantUser,
    raw_id: &str,
) -> Result<bulk_jobs::Model, AppError> {
    let id = PublicId::parse("blk", raw_id).ok_or(AppError::NotFound)?;
    bulk::find(state, member.scope(), id.as_str()).await
}

pub async fn show_bulk_job(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let job = job_of(&state, &member, &path).await?;
    let found = report::job_report(&state, member.scope(), job).await?;
    let view = BulkJobView {
        report: JobReport {
            job: &found.job,
            template_name: found.template.as_ref().map(|t| t.name.as_str()),
            counts: found.counts,
            problems: &found.problems,
        },
        csrf_token: &member.current.csrf_token,
        can_issue: member.role().can_issue(),
    };
    let content = crate::views::bulk::bulk_job_page(&view);
    let viewer = member.current.viewer();
    let flash = Flash::take(&session);
    let mut response = page_response(
        viewer,
        "Bulk upload",
        Nav::Links,
        flash,
        StatusCode::OK,
        content,
    );
    if found.job.status == BulkJobStatus::Issuing {
        // The progress bar moves without JavaScript: the browser reloads the page.
        response.headers_mut().insert(
            actix_web::http::header::REFRESH,
            actix_web::http::header::HeaderValue::from_static("3"),
        );
    }
    Ok(response)
}

#[derive(Deserialize)]
pub struct StartForm {
    #[serde(default)]
    leave_out: Option<String>,
}

pub async fn start_bulk_job(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
    path: web::Path<String>,
    ProtectedForm(form): ProtectedForm<StartForm>,
) -> Result<HttpResponse, AppError> {
    member.require_issuer()?;
    let job = job_of(&state, &member, &path).await?;
    let leave_out = form.leave_out.as_deref() == Some("true");
    let actor = member.current.actor();
    match bulk::start(&state, member.scope(), &actor, &job, leave_out).await {
        Ok(()) => Flash::success(&session, "Issuing has started."),
        Err(AppError::Conflict(message)) => Flash::error(&session, message),
        Err(error) => return Err(error),
    }
    Ok(see_other(&job_path(&job)))
}

pub async fn cancel_bulk_job(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
    path: web::Path<String>,
    _form: ProtectedForm<crate::http::EmptyForm>,
) -> Result<HttpResponse, AppError> {
    member.require_issuer()?;
    let job = job_of(&state, &member, &path).await?;
    let actor = member.current.actor();
    match bulk::cancel(&state, member.scope(), &actor, &job).await {
        Ok(()) => Flash::success(&session, "Issuing was stopped. Links already issued stay."),
        Err(AppError::Conflict(message)) => Flash::error(&session, message),
        Err(error) => return Err(error),
    }
    Ok(see_other(&job_path(&job)))
}

/// The result file; it holds the links themselves, so it is never cached.
pub async fn download_bulk_result(
    state: web::Data<AppState>,
    member: TenantUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    member.require_issuer()?;
    let job = job_of(&state, &member, &path).await?;
    let body = report::result_csv(&state, member.scope(), &job).await?;
    let file_name = format!("{}-result.csv", job.public_id);
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{file_name}\""),
        ))
        .insert_header(("Cache-Control", "no-store"))
        .body(body))
}
