use actix_session::Session;
use actix_web::{http::StatusCode, web, HttpResponse};
use serde::Deserialize;

use crate::{
    auth::{
        api_keys::{self, KeySpec},
        key_admin::{self, CreatedKey},
        ProtectedForm, TenantUser,
    },
    domain::{AllowedNetworks, ApiScopes},
    error::AppError,
    idempotency::Commit,
    state::AppState,
    views::{
        self,
        api_keys::{ApiKeysView, KeyErrors, KeyInput, NewKey},
        page_response, Flash, Nav,
    },
};

use super::{
    form_once::{self, ShownSecrets, Submission},
    see_other, EmptyForm,
};

struct Shown<'a> {
    input: &'a KeyInput,
    errors: &'a KeyErrors,
    /// The create form's one-time key: kept when the form comes back with an error.
    form_key: &'a str,
    new_key: ShownSecrets<NewKey>,
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
        form_key: shown.form_key,
        input: shown.input,
        errors: shown.errors,
        now: crate::db::now(),
        new_key: shown.new_key.secrets.as_ref(),
        not_shown: shown.new_key.not_shown,
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

#[derive(Deserialize)]
pub struct ApiKeysQuery {
    /// A key the create form left for this page to show once (its flash's handle).
    secret: Option<String>,
}

pub async fn list_api_keys(
    state: web::Data<AppState>,
    session: Session,
    owner: TenantUser,
    query: web::Query<ApiKeysQuery>,
) -> Result<HttpResponse, AppError> {
    owner.require_owner()?;
    let new_key = form_once::take_secret(&state, &owner, query.secret.as_deref()).await?;
    let shown = Shown {
        input: &KeyInput::default(),
        errors: &KeyErrors::default(),
        form_key: &form_once::new_form_key(&state, &owner),
        new_key,
    };
    page(&state, &owner, Flash::take(&session), shown, StatusCode::OK).await
}

/// The create form, read from its pairs: its scope checkboxes repeat `scopes`, which
/// `serde_urlencoded` cannot decode into a struct.
fn read_form(pairs: Vec<(String, String)>) -> (KeyInput, Option<String>) {
    let mut input = KeyInput {
        scopes: Vec::new(),
        ..KeyInput::default()
    };
    let mut form_key = None;
    let mut offered = false;
    for (name, value) in pairs {
        match name.as_str() {
            "name" => input.name = value,
            "scopes" => input.scopes.push(value),
            // The form offered the scope boxes: none ticked is then a mistake, not a
            // client that predates scopes (which gets every scope).
            "scopes_offered" => offered = true,
            "expires_in_days" => input.expires_in_days = value,
            "allowed_networks" => input.allowed_networks = value,
            "form_key" => form_key = Some(value),
            _ => {}
        }
    }
    if !offered && input.scopes.is_empty() {
        input.scopes = KeyInput::default().scopes;
    }
    (input, form_key)
}

/// The key the form asks for, or what is wrong with each field. Every scope ticked is
/// a key for every scope, as keys were before scopes existed.
fn parse_spec(input: &KeyInput) -> Result<KeySpec, KeyErrors> {
    let name = api_keys::parse_key_name(&input.name);
    let scopes = ApiScopes::parse_list(&input.scopes.join(","));
    let expires = api_keys::parse_expiry_days(&input.expires_in_days);
    let networks = AllowedNetworks::parse_list(&input.allowed_networks);
    match (name, scopes, expires, networks) {
        (Ok(name), Ok(scopes), Ok(expires_in_days), Ok(networks)) => Ok(KeySpec {
            name,
            scopes: (!scopes.is_all()).then_some(scopes),
            expires_in_days,
            networks,
        }),
        (name, scopes, expires, networks) => Err(KeyErrors {
            name: name.err(),
            scopes: scopes.err(),
            expires_in_days: expires.err(),
            allowed_networks: networks.err(),
        }),
    }
}

/// Creates a key and shows its secret once by Post/Redirect/Get: the secret travels to the
/// page encrypted and bound to this session; a reload of that page does not show it again.
pub async fn create_api_key(
    state: web::Data<AppState>,
    session: Session,
    owner: TenantUser,
    ProtectedForm(pairs): ProtectedForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    owner.require_owner()?;
    let (input, form_key) = read_form(pairs);
    let form_key = form_key.as_deref();
    let spec = match parse_spec(&input) {
        Ok(spec) => spec,
        Err(errors) => {
            let shown = Shown {
                input: &input,
                errors: &errors,
                form_key: &form_once::kept_form_key(&state, &owner, form_key),
                new_key: ShownSecrets {
                    secrets: None,
                    not_shown: None,
                },
            };
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return page(&state, &owner, None, shown, status).await;
        }
    };
    let claim = match form_once::submit(&state, &session, &owner, "/api-keys", form_key).await? {
        Submission::Repeat(response) => return Ok(response),
        Submission::First(claim) => claim,
    };
    let reader = form_once::reader(&state, &owner);
    let render = |created: &CreatedKey| {
        let new_key = NewKey {
            name: created.key.name.clone(),
            secret: created.secret.clone(),
        };
        form_once::secret_redirect(&state, &reader, "/api-keys", &new_key)
    };
    let commit = Commit::new(owner.scope(), Some(claim.clone()), &render);
    let actor = owner.current.actor();
    match key_admin::create(&state, owner.scope(), &spec, &actor, &commit).await {
        Ok(created) => form_once::done(&state, &owner, &claim, commit.answer(&created)?).await,
        Err(error) => {
            form_once::failed(&state, &claim).await;
            Err(error)
        }
    }
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
