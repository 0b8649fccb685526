//! `/settings/sso`: an owner connects the tenant to its identity provider.

use actix_session::Session;
use actix_web::{http::StatusCode, web, HttpResponse};
use serde::Deserialize;

use crate::{
    auth::{ProtectedForm, TenantUser},
    domain::FieldErrors,
    error::AppError,
    http::EmptyForm,
    sso::settings::{self, SsoInput},
    state::AppState,
    views::{self, page_response, sso::SsoSettingsView, Flash, Nav},
};

use super::see_other;

#[derive(Deserialize)]
pub struct SsoForm {
    #[serde(default)]
    issuer_url: String,
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    client_secret: String,
    #[serde(default)]
    allowed_domains: String,
    #[serde(default)]
    default_role: String,
    /// A checkbox: present when ticked.
    #[serde(default)]
    password_sign_in: Option<String>,
}

/// The page with what the owner typed (after a mistake) or what is saved.
async fn page(
    state: &AppState,
    member: &TenantUser,
    typed: Option<&SsoForm>,
    errors: &FieldErrors,
    flash: Option<Flash>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let saved = settings::settings(state, member.scope()).await?;
    let view = SsoSettingsView {
        issuer_url: typed.map_or(saved.issuer_url.as_str(), |f| f.issuer_url.as_str()),
        client_id: typed.map_or(saved.client_id.as_str(), |f| f.client_id.as_str()),
        allowed_domains: typed.map_or(saved.allowed_domains.as_str(), |f| {
            f.allowed_domains.as_str()
        }),
        default_role: typed.map_or(saved.default_role.as_str(), |f| f.default_role.as_str()),
        password_sign_in: typed.map_or(saved.password_sign_in, |f| f.password_sign_in.is_some()),
        configured: saved.configured,
        callback_url: &saved.callback_url,
        allow_private: saved.allow_private,
        errors,
        csrf_token: &member.current.csrf_token,
    };
    Ok(page_response(
        member.current.viewer(),
        "Single sign-on",
        Nav::SingleSignOn,
        flash,
        status,
        views::sso::settings_page(&view),
    ))
}

pub async fn show_sso_settings(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
) -> Result<HttpResponse, AppError> {
    member.require_owner()?;
    let flash = Flash::take(&session);
    let errors = FieldErrors::default();
    page(&state, &member, None, &errors, flash, StatusCode::OK).await
}

pub async fn save_sso_settings(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
    ProtectedForm(form): ProtectedForm<SsoForm>,
) -> Result<HttpResponse, AppError> {
    member.require_owner()?;
    let input = SsoInput {
        issuer_url: &form.issuer_url,
        client_id: &form.client_id,
        client_secret: &form.client_secret,
        allowed_domains: &form.allowed_domains,
        default_role: &form.default_role,
        password_sign_in: form.password_sign_in.is_some(),
    };
    let actor = member.current.actor();
    match settings::save(&state, member.scope(), &actor, input).await? {
        Ok(()) => {
            let message = "Single sign-on saved. People at your domains can sign in through your identity provider now.";
            Flash::success(&session, message);
            Ok(see_other("/settings/sso"))
        }
        Err(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            page(&state, &member, Some(&form), &errors, None, status).await
        }
    }
}

pub async fn remove_sso_settings(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
    _form: ProtectedForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    member.require_owner()?;
    settings::remove(&state, member.scope(), &member.current.actor()).await?;
    Flash::success(
        &session,
        "Single sign-on is off. Everyone signs in with a password again.",
    );
    Ok(see_other("/settings/sso"))
}
