use actix_session::Session;
use actix_web::{http::StatusCode, web, HttpResponse};
use serde::Deserialize;

use crate::{
    accounts::{self, CreateError},
    auth::{ProtectedForm, TenantUser},
    domain::Role,
    entities::users,
    error::AppError,
    repo::{self, audit::AuditEntry},
    state::AppState,
    views::{self, page_response, users::NewUserInput, Flash, Nav},
};

use super::{see_other, EmptyForm};

async fn users_response(
    state: &AppState,
    owner: &TenantUser,
    flash: Option<Flash>,
    input: &NewUserInput,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let members = repo::users::list_in_tenant(&state.db.connection, owner.scope()).await?;
    let content = views::users::users_page(
        &members,
        owner.current.user.id,
        &owner.current.csrf_token,
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
        &NewUserInput::default(),
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
    password: String,
}

pub async fn add_user(
    state: web::Data<AppState>,
    session: Session,
    owner: TenantUser,
    ProtectedForm(form): ProtectedForm<NewUserForm>,
) -> Result<HttpResponse, AppError> {
    owner.require_owner()?;
    let role = Role::parse_tenant_role(&form.role);
    let result = match role {
        Ok(role) => {
            accounts::create_user(
                &state.db,
                &state.password_hasher,
                &owner.current.actor(),
                Some(owner.tenant.id),
                &form.email,
                role,
                &form.password,
            )
            .await
        }
        Err(message) => Err(CreateError::Invalid(accounts::NewUserErrors {
            role: Some(message),
            ..Default::default()
        })),
    };
    match result {
        Ok(user) => {
            Flash::success(
                &session,
                format!("{} was added as {}.", user.email, user.role),
            );
            Ok(see_other("/users"))
        }
        Err(CreateError::Invalid(errors)) => {
            let input = NewUserInput {
                email: form.email,
                role: form.role,
                email_error: errors.email,
                role_error: errors.role,
                password_error: errors.password,
            };
            users_response(
                &state,
                &owner,
                None,
                &input,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(CreateError::App(error)) => Err(error),
    }
}

/// Loads a user of the owner's tenant; another tenant's id is simply not found.
async fn member(
    state: &AppState,
    owner: &TenantUser,
    public_id: &str,
) -> Result<users::Model, AppError> {
    repo::users::find_in_tenant(&state.db.connection, owner.scope(), public_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Refuses changes that would leave the tenant without an active owner, or lock out oneself.
async fn guard_change(
    state: &AppState,
    owner: &TenantUser,
    member: &users::Model,
    new_role: Role,
    disabled: bool,
) -> Result<(), String> {
    if member.id == owner.current.user.id {
        return Err("You cannot change your own access; ask another owner.".into());
    }
    let removes_owner =
        member.role == Role::Owner && !member.disabled && (new_role != Role::Owner || disabled);
    if removes_owner {
        let owners = repo::users::count_owners(&state.db.connection, owner.scope())
            .await
            .unwrap_or(0);
        if owners <= 1 {
            return Err("A tenant needs at least one active owner.".into());
        }
    }
    Ok(())
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
    let member = member(state, owner, public_id).await?;
    let role = match new_role {
        Some(role) => role,
        None => member.role,
    };
    if let Err(message) = guard_change(state, owner, &member, role, disabled).await {
        Flash::error(session, message);
        return Ok(see_other("/users"));
    }
    repo::users::update_access(
        &state.db.connection,
        owner.scope(),
        member.id,
        role,
        disabled,
    )
    .await?;
    repo::audit::record(
        &state.db.connection,
        AuditEntry {
            tenant_id: Some(owner.tenant.id),
            actor: &owner.current.actor(),
            action,
            subject: Some(&format!("user:{}", member.public_id)),
            details: Some(serde_json::json!({ "role": role.as_str(), "disabled": disabled })),
        },
    )
    .await?;
    Flash::success(session, format!("{} updated.", member.email));
    Ok(see_other("/users"))
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
    let current = member(&state, &owner, &path).await?;
    apply_access_change(
        &state,
        &session,
        &owner,
        &path,
        Some(role),
        current.disabled,
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
    let member = member(&state, &owner, &path).await?;
    repo::users::end_all_sessions(&state.db.connection, owner.scope(), member.id).await?;
    repo::audit::record(
        &state.db.connection,
        AuditEntry {
            tenant_id: Some(owner.tenant.id),
            actor: &owner.current.actor(),
            action: "user.sessions_ended",
            subject: Some(&format!("user:{}", member.public_id)),
            details: None,
        },
    )
    .await?;
    Flash::success(
        &session,
        format!("All sessions of {} were ended.", member.email),
    );
    Ok(see_other("/users"))
}
