//! `/operator/sandbox`: operators manage the sandbox's templates (sandbox mode only; the
//! routes are not registered otherwise, so the page answers 404 in persona mode).

use actix_session::Session;
use actix_web::{http::StatusCode, web, HttpResponse};

use crate::{
    auth::{OperatorUser, ProtectedForm},
    error::AppError,
    http::{durations::fold, see_other, EmptyForm},
    views::{page_response, Flash, Nav},
};

use super::{
    model::{parse_interval, Intervals},
    operator_views::{sandbox_page, IntervalInputs, NewTemplateInput, SandboxPageInput},
    templates::{self, check_template_name},
    SandboxState,
};

const PAGE: &str = "/operator/sandbox";

async fn sandbox_page_response(
    state: &SandboxState,
    operator: &OperatorUser,
    flash: Option<Flash>,
    input: &SandboxPageInput,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let all = templates::list_templates(&state.db.connection).await?;
    let content = sandbox_page(&all, &operator.0.csrf_token, input);
    Ok(page_response(
        operator.0.viewer(),
        "Sandbox",
        Nav::Sandbox,
        flash,
        status,
        content,
    ))
}

pub async fn show_sandbox(
    state: web::Data<SandboxState>,
    session: Session,
    operator: OperatorUser,
) -> Result<HttpResponse, AppError> {
    sandbox_page_response(
        &state,
        &operator,
        Flash::take(&session),
        &SandboxPageInput::default(),
        StatusCode::OK,
    )
    .await
}

/// The three intervals as sent: each a number and a unit (`after_create_amount`,
/// `after_create_unit`), folded into seconds, or seconds already (`after_create`, scripts).
pub struct IntervalsForm {
    after_create: String,
    after_start: String,
    after_resume: String,
}

/// The value of `name` in a form's pairs, empty when it is missing.
fn value_of(pairs: &[(String, String)], name: &str) -> String {
    pairs
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.clone())
        .unwrap_or_default()
}

impl IntervalsForm {
    fn read(pairs: &[(String, String)]) -> Self {
        Self {
            after_create: value_of(pairs, "after_create"),
            after_start: value_of(pairs, "after_start"),
            after_resume: value_of(pairs, "after_resume"),
        }
    }
}

/// The intervals, or the inputs with an error next to each bad one.
fn parse_intervals(form: &IntervalsForm) -> Result<Intervals, Box<IntervalInputs>> {
    let after_create = parse_interval(&form.after_create);
    let after_start = parse_interval(&form.after_start);
    let after_resume = parse_interval(&form.after_resume);
    match (&after_create, &after_start, &after_resume) {
        (Ok(create), Ok(start), Ok(resume)) => Ok(Intervals {
            after_create_seconds: *create,
            after_start_seconds: *start,
            after_resume_seconds: *resume,
        }),
        _ => Err(Box::new(IntervalInputs {
            after_create: form.after_create.clone(),
            after_start: form.after_start.clone(),
            after_resume: form.after_resume.clone(),
            after_create_error: after_create.err(),
            after_start_error: after_start.err(),
            after_resume_error: after_resume.err(),
        })),
    }
}

pub async fn create_template(
    state: web::Data<SandboxState>,
    session: Session,
    operator: OperatorUser,
    ProtectedForm(pairs): ProtectedForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let pairs = fold(pairs);
    let typed = IntervalsForm::read(&pairs);
    let name = value_of(&pairs, "name");
    let checked_name = check_template_name(&name);
    let intervals = parse_intervals(&typed);
    let (Ok(checked), Ok(intervals)) = (&checked_name, &intervals) else {
        let input = SandboxPageInput {
            new_template: NewTemplateInput {
                name: name.clone(),
                name_error: checked_name.clone().err(),
                intervals: intervals
                    .clone()
                    .err()
                    .map(|typed| *typed)
                    .unwrap_or_else(|| IntervalInputs {
                        after_create: typed.after_create.clone(),
                        after_start: typed.after_start.clone(),
                        after_resume: typed.after_resume.clone(),
                        ..IntervalInputs::default()
                    }),
            },
            editing: None,
        };
        return sandbox_page_response(
            &state,
            &operator,
            None,
            &input,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let created = templates::create_template(&state.db, checked, *intervals).await?;
    log::info!(
        "operator {} created sandbox template {}",
        operator.0.public_id(),
        created.template.public_id
    );
    Flash::success(
        &session,
        format!("Template {} created.", created.template.name),
    );
    Ok(see_other(PAGE))
}

pub async fn publish_version(
    state: web::Data<SandboxState>,
    session: Session,
    operator: OperatorUser,
    path: web::Path<String>,
    ProtectedForm(_): ProtectedForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let version = templates::publish_new_version(&state.db, &path)
        .await
        .map_err(AppError::from)?;
    log::info!(
        "operator {} published sandbox template version {}",
        operator.0.public_id(),
        version.public_id
    );
    Flash::success(
        &session,
        format!(
            "Published {}. New inquiries are pinned to it.",
            version.name
        ),
    );
    Ok(see_other(PAGE))
}

pub async fn change_intervals(
    state: web::Data<SandboxState>,
    session: Session,
    operator: OperatorUser,
    path: web::Path<String>,
    ProtectedForm(pairs): ProtectedForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let template_id = path.into_inner();
    let form = IntervalsForm::read(&fold(pairs));
    let intervals = match parse_intervals(&form) {
        Ok(intervals) => intervals,
        Err(typed) => {
            if templates::find_template(&state.db.connection, &template_id)
                .await?
                .is_none()
            {
                return Err(AppError::NotFound);
            }
            let input = SandboxPageInput {
                editing: Some((template_id, *typed)),
                ..SandboxPageInput::default()
            };
            return sandbox_page_response(
                &state,
                &operator,
                None,
                &input,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let version = templates::set_intervals(&state.db, &template_id, intervals)
        .await
        .map_err(AppError::from)?;
    log::info!(
        "operator {} changed the intervals of sandbox template version {}",
        operator.0.public_id(),
        version.public_id
    );
    Flash::success(&session, format!("Intervals of {} saved.", version.name));
    Ok(see_other(PAGE))
}
