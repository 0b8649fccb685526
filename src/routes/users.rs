use actix_session::Session;
use actix_web::{http::StatusCode, web, HttpResponse};
use serde::Deserialize;

use crate::{
    accounts::{invitations, team},
    auth::{ProtectedForm, TenantUser},
    domain::Role,
    error::AppError,
    state::AppState,
    views::{self, page_response, users::NewUserInput, Flash, Nav},
};

use super::{
    form_once::{self, Submission},
    see_other, EmptyForm,
};

/// The page; `form_key` is the "add a user" form's one-time key (a new one when `None`).
async fn users_response(
    state: &AppState,
    owner: &TenantUser,
    flash: Option<Flash>,
    (input, form_key): (&NewUserInput, Option<&str>),
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let members = team::members(state, owner.scope()).await?;
    let invitations = invitations::recent(state, owner.scope()).await?;
    let form_key = form_once::kept_form_key(state, owner, form_key);
    let content = views::users::users_page(
        &members,
        &invitations,
        owner.current.user.id,
        &owner.current.csrf_token,
        &form_key,
        input,
    );
    Ok(page_response(
        owner.current.viewer(),
        "Users",
        Nav::Users,
        flash,
        status,
        content,
    ))
}

pub async fn list_users(
    state: web::Data<AppState>,
    session: Session,
    owner: TenantUser,
) -> Result<HttpResponse, AppError> {
    owner.require_owner()?;
    users_response(
        &state,
        &owner,
        Flash::take(&session),
        (&NewUserInput::default(), None),
        StatusCode::OK,
    )
    .await
}

#[derive(Deserialize)]
pub struct NewUserForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    form_key: Option<String>,
}

/// Invites a user; the form's one-time key makes a double click invite once. The answer
/// is the same for every well-formed address (new, known elsewhere, a member already).
pub async fn add_user(
    state: web::Data<AppState>,
    session: Session,
    owner: TenantUser,
    ProtectedForm(form): ProtectedForm<NewUserForm>,
) -> Result<HttpResponse, AppError> {
    owner.require_owner()?;
    let form_key = form.form_key.as_deref();
    let claim = match form_once::submit(&state, &session, &owner, "/users", form_key).await? {
        Submission::Repeat(response) => return Ok(response),
        Submission::First(claim) => claim,
    };
    let inviter = invitations::Inviter {
        tenant: &owner.tenant,
        actor: &owner.current.actor(),
    };
    let result = invitations::invite(&state, inviter, &form.email, &form.role).await;
    if !matches!(result, Ok(Ok(()))) {
        form_once::failed(&state, &claim).await;
    }
    match result? {
        Ok(()) => {
            Flash::success(
                &session,
                format!(
                    "An invitation is on its way to {}. It is valid for 7 days.",
                    form.email.trim()
                ),
            );
            let answer = form_once::redirect_to("/users", None)?;
            form_once::done(&state, &owner, &claim, answer).await
        }
        Err(errors) => {
            let input = NewUserInput {
                email: form.email,
                role: form.role,
                email_error: errors.email,
                role_error: errors.role,
            };
            users_response(
                &state,
                &owner,
                None,
                (&input, form_key),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

async fn apply_access_change(
    state: &AppState,
    session: &Session,
    owner: &TenantUser,
    public_id: &str,
    new_role: Option<Role>,
    disabled: bool,
    action: &str,
) -> Result<HttpResponse, AppError> {
    owner.require_owner()?;
    let member = team::member(state, owner.scope(), public_id).await?;
    let changer = changer(owner);
    match team::change_access(state, &changer, &member, new_role, disabled, action).await? {
        Ok(()) => Flash::success(session, format!("{} updated.", member.user.email)),
        Err(team::Refused(message)) => Flash::error(session, message),
    }
    Ok(see_other("/users"))
}

fn changer(owner: &TenantUser) -> team::Changer {
    team::Changer {
        scope: owner.scope(),
        user_id: owner.current.user.id,
        actor: owner.current.actor(),
    }
}

#[derive(Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
}

pub async fn change_role(
    state: web::Data<AppState>,
    session: Session,
    owner: TenantUser,
    path: web::Path<String>,
    ProtectedForm(form): ProtectedForm<RoleForm>,
) -> Result<HttpResponse, AppError> {
    owner.require_owner()?;
    let role = Role::parse_tenant_role(&form.role).map_err(AppError::BadRequest)?;
    let current = team::member(&state, owner.scope(), &path).await?;
    apply_access_change(
        &state,
        &session,
        &owner,
        &path,
        Some(role),
        current.membership.disabled,
        "user.role_changed",
    )
    .await
}

pub async fn disable_user(
    state: web::Data<AppState>,
    session: Session,
    owner: TenantUser,
    path: web::Path<String>,
    _form: ProtectedForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    apply_access_change(&state, &session, &owner, &path, None, true, "user.disabled").await
}

pub async fn enable_user(
    state: web::Data<AppState>,
    session: Session,
    owner: TenantUser,
    path: web::Path<String>,
    _form: ProtectedForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    apply_access_change(&state, &session, &owner, &path, None, false, "user.enabled").await
}

pub async fn end_sessions(
    state: web::Data<AppState>,
    session: Session,
    owner: TenantUser,
    path: web::Path<String>,
    _form: ProtectedForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    owner.require_owner()?;
    let member = team::member(&state, owner.scope(), &path).await?;
    team::end_sessions(&state, &changer(&owner), &member).await?;
    Flash::success(
        &session,
        format!("All sessions of {} were ended.", member.user.email),
    );
    Ok(see_other("/users"))
}
