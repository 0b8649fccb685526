use actix_session::Session;
use actix_web::{http::StatusCode, web, HttpResponse};
use serde::Deserialize;

use crate::{
    accounts::password::{self, PasswordChange},
    auth::{current_user::AUTH_VERSION, tenant_switch, CurrentUser, ProtectedForm},
    error::AppError,
    state::AppState,
    views::{self, account::PasswordErrors, page_response, Flash, Nav},
};

use super::see_other;

fn account_page(
    user: &CurrentUser,
    flash: Option<Flash>,
    errors: &PasswordErrors,
    status: StatusCode,
) -> HttpResponse {
    let content = views::account::account_page(
        &user.user.email,
        user.role.as_str(),
        &user.csrf_token,
        errors,
    );
    page_response(
        user.viewer(),
        "Your account",
        Nav::Account,
        flash,
        status,
        content,
    )
}

pub async fn show_account(session: Session, user: CurrentUser) -> HttpResponse {
    account_page(
        &user,
        Flash::take(&session),
        &PasswordErrors::default(),
        StatusCode::OK,
    )
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm_password: String,
}

pub async fn change_password(
    state: web::Data<AppState>,
    session: Session,
    user: CurrentUser,
    ProtectedForm(form): ProtectedForm<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    let change = PasswordChange {
        current: form.current_password,
        new: form.new_password,
        confirm: form.confirm_password,
    };
    if let Err(errors) = password::change(&state, &user.user, &user.actor(), change).await? {
        return Ok(account_page(
            &user,
            None,
            &errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    // Every other session ended with the version bump; this one continues under a new id.
    session.renew();
    session
        .insert(AUTH_VERSION, user.user.auth_version + 1)
        .map_err(|e| AppError::internal(anyhow::anyhow!("session insert: {e}")))?;
    Flash::success(
        &session,
        "Your password has been changed. Other sessions were signed out.",
    );
    Ok(see_other("/account"))
}

#[derive(Deserialize)]
pub struct SwitchForm {
    #[serde(default)]
    tenant: String,
}

/// Moves the session to another of the login's tenants (by slug); a tenant the login is
/// not an enabled member of answers 404 and nothing changes.
pub async fn switch_tenant(
    state: web::Data<AppState>,
    session: Session,
    user: CurrentUser,
    ProtectedForm(form): ProtectedForm<SwitchForm>,
) -> Result<HttpResponse, AppError> {
    let tenant = tenant_switch::switch_tenant(&state, &session, &user, &form.tenant).await?;
    Flash::success(&session, format!("You are now working in {}.", tenant.name));
    Ok(see_other("/"))
}
