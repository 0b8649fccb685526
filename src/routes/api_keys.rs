use actix_session::Session;
use actix_web::{http::StatusCode, web, HttpResponse};
use serde::Deserialize;

use crate::{
    auth::{api_keys, key_admin, ProtectedForm, TenantUser},
    entities,
    error::AppError,
    state::AppState,
    views::{self, api_keys::ApiKeysView, page_response, Flash, Nav},
};

use super::{see_other, EmptyForm};

struct Shown<'a> {
    name_input: &'a str,
    name_error: Option<&'a str>,
    new_key: Option<(&'a entities::api_keys::Model, &'a str)>,
}

async fn page(
    state: &AppState,
    owner: &TenantUser,
    flash: Option<Flash>,
    shown: Shown<'_>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let keys = key_admin::list(state, owner.scope()).await?;
    let api_base = format!("{}/api/v1", state.settings.public_url);
    let content = views::api_keys::api_keys_page(ApiKeysView {
        keys: &keys,
        csrf_token: &owner.current.csrf_token,
        name_input: shown.name_input,
        name_error: shown.name_error,
        new_key: shown.new_key,
        api_base: &api_base,
    });
    Ok(page_response(
        owner.current.viewer(),
        "API keys",
        Nav::ApiKeys,
        flash,
        status,
        content,
    ))
}

pub async fn list_api_keys(
    state: web::Data<AppState>,
    session: Session,
    owner: TenantUser,
) -> Result<HttpResponse, AppError> {
    owner.require_owner()?;
    let shown = Shown {
        name_input: "",
        name_error: None,
        new_key: None,
    };
    page(&state, &owner, Flash::take(&session), shown, StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct NewKeyForm {
    #[serde(default)]
    name: String,
}

/// Answers with the page itself (not a redirect): the secret must never be stored, not
/// even in the session, so it can only travel in this one response.
pub async fn create_api_key(
    state: web::Data<AppState>,
    owner: TenantUser,
    ProtectedForm(form): ProtectedForm<NewKeyForm>,
) -> Result<HttpResponse, AppError> {
    owner.require_owner()?;
    let name = match api_keys::parse_key_name(&form.name) {
        Ok(name) => name,
        Err(message) => {
            let shown = Shown {
                name_input: &form.name,
                name_error: Some(&message),
                new_key: None,
            };
            return page(
                &state,
                &owner,
                None,
                shown,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let (key, secret) =
        api_keys::issue_key(&state.db, owner.scope(), &name, &owner.current.actor()).await?;
    let shown = Shown {
        name_input: "",
        name_error: None,
        new_key: Some((&key, &secret)),
    };
    page(&state, &owner, None, shown, StatusCode::CREATED).await
}

pub async fn revoke_api_key(
    state: web::Data<AppState>,
    session: Session,
    owner: TenantUser,
    path: web::Path<String>,
    _form: ProtectedForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    owner.require_owner()?;
    let key = key_admin::revoke(&state, owner.scope(), &owner.current.actor(), &path).await?;
    Flash::success(&session, format!("The key {} is revoked.", key.name));
    Ok(see_other("/api-keys"))
}
