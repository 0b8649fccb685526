use actix_session::Session;
use actix_web::{http::StatusCode, web, HttpResponse};
use serde::Deserialize;

use crate::{
    auth::{current_user::AUTH_VERSION, CurrentUser, ProtectedForm},
    domain::Password,
    error::AppError,
    repo::{self, audit::AuditEntry},
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
    let mut errors = PasswordErrors::default();
    let verification = state
        .password_hasher
        .verify(
            form.current_password.clone(),
            Some(user.user.password_hash.clone()),
        )
        .await?;
    if !verification.valid {
        errors.current = Some("That is not your current password.".into());
    }
    let new_password = Password::parse(&form.new_password);
    if let Err(message) = &new_password {
        errors.new = Some(message.clone());
    }
    if form.new_password != form.confirm_password {
        errors.confirm = Some("The two new passwords differ.".into());
    }
    let (Ok(new_password), None, None) = (new_password, &errors.current, &errors.confirm) else {
        return Ok(account_page(
            &user,
            None,
            &errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    };
    let hash = state.password_hasher.hash(&new_password).await?;
    repo::users::set_password_hash(&state.db.connection, user.user.id, hash, true).await?;
    repo::audit::record(
        &state.db.connection,
        AuditEntry {
            tenant_id: user.user.tenant_id,
            actor: &user.actor(),
            action: "user.password_changed",
            subject: Some(&user.actor()),
            details: None,
        },
    )
    .await?;
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
