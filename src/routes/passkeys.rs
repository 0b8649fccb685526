//! Passkeys: the JSON calls of `/static/passkeys.js` (each ceremony's start and finish)
//! and the forms that rename and remove them on `/account/security`.

use actix_session::Session;
use actix_web::{http::StatusCode, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::json;
use webauthn_rs::prelude::{PublicKeyCredential, RegisterPublicKeyCredential};

use crate::{
    auth::{
        csrf, current_user::ENROL_REQUIRED, login, passkey_sign_in, passkeys, EnrollingUser,
        ProtectedForm,
    },
    error::AppError,
    state::AppState,
    views::Flash,
};

use super::{auth::home, see_other, EmptyForm};

fn options(value: serde_json::Value) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(value)
}

/// Where the script goes next.
fn go_to(path: &str) -> HttpResponse {
    HttpResponse::Ok().json(json!({ "redirect": path }))
}

/// A refusal the script shows as it is.
fn refused(status: StatusCode, message: &str) -> HttpResponse {
    HttpResponse::build(status).json(json!({ "error": message }))
}

/// Starts a passkey sign-in from the login page (no user name needed).
pub async fn sign_in_options(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
) -> Result<HttpResponse, AppError> {
    csrf::verify_login_json(&req)?;
    Ok(options(passkey_sign_in::start_sign_in(&state, &session)?))
}

pub async fn sign_in(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    answer: web::Json<PublicKeyCredential>,
) -> Result<HttpResponse, AppError> {
    csrf::verify_login_json(&req)?;
    match passkey_sign_in::finish_sign_in(&state, &session, &answer).await? {
        Some(user) => Ok(go_to(home(&user))),
        None => Ok(refused(
            StatusCode::UNAUTHORIZED,
            "That passkey did not sign you in. Try again, or use your email and password.",
        )),
    }
}

/// Starts the second step with a passkey, for a user half-signed-in in this session.
pub async fn second_step_options(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
) -> Result<HttpResponse, AppError> {
    csrf::verify_login_json(&req)?;
    let Some(user) = login::pending_user(&state, &session).await? else {
        return Ok(refused(StatusCode::UNAUTHORIZED, "Sign in again."));
    };
    match passkey_sign_in::start_second_step(&state, &session, &user).await? {
        Some(value) => Ok(options(value)),
        None => Ok(refused(StatusCode::NOT_FOUND, "You have no passkey.")),
    }
}

pub async fn second_step(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    answer: web::Json<PublicKeyCredential>,
) -> Result<HttpResponse, AppError> {
    csrf::verify_login_json(&req)?;
    let Some(user) = login::pending_user(&state, &session).await? else {
        return Ok(refused(StatusCode::UNAUTHORIZED, "Sign in again."));
    };
    if passkey_sign_in::finish_second_step(&state, &session, &user, &answer).await? {
        Ok(go_to(home(&user)))
    } else {
        Ok(refused(
            StatusCode::UNAUTHORIZED,
            "That passkey was not accepted. Try again, or enter a code.",
        ))
    }
}

/// Starts registering a new passkey for the signed-in user.
pub async fn registration_options(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    user: EnrollingUser,
) -> Result<HttpResponse, AppError> {
    csrf::verify_signed_in_json(&req)?;
    let value = passkeys::start_registration(&state, &session, &user.0.user).await?;
    Ok(options(value))
}

#[derive(Deserialize)]
pub struct Registration {
    #[serde(default)]
    name: String,
    credential: RegisterPublicKeyCredential,
}

pub async fn register_passkey(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    user: EnrollingUser,
    body: web::Json<Registration>,
) -> Result<HttpResponse, AppError> {
    csrf::verify_signed_in_json(&req)?;
    let user = &user.0.user;
    match passkeys::finish_registration(&state, &session, user, &body.name, &body.credential)
        .await?
    {
        Ok(passkey) => {
            // A passkey is a second factor: it satisfies a requirement to set one up.
            session.remove(ENROL_REQUIRED);
            Flash::success(
                &session,
                format!("The passkey “{}” is set up.", passkey.name),
            );
            Ok(go_to("/account/security"))
        }
        Err(message) => Ok(refused(StatusCode::UNPROCESSABLE_ENTITY, &message)),
    }
}

#[derive(Deserialize)]
pub struct RenameForm {
    #[serde(default)]
    name: String,
}

pub async fn rename_passkey(
    state: web::Data<AppState>,
    session: Session,
    user: EnrollingUser,
    path: web::Path<String>,
    ProtectedForm(form): ProtectedForm<RenameForm>,
) -> Result<HttpResponse, AppError> {
    let name = match passkeys::parse_name(&form.name) {
        Ok(name) => name,
        Err(message) => {
            Flash::error(&session, message);
            return Ok(see_other("/account/security"));
        }
    };
    if !passkeys::rename(&state, &user.0.user, &path, &name).await? {
        return Err(AppError::NotFound);
    }
    Flash::success(&session, "The passkey is renamed.");
    Ok(see_other("/account/security"))
}

pub async fn remove_passkey(
    state: web::Data<AppState>,
    session: Session,
    user: EnrollingUser,
    path: web::Path<String>,
    _form: ProtectedForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    if !passkeys::remove(&state, &user.0.user, &path).await? {
        return Err(AppError::NotFound);
    }
    Flash::success(
        &session,
        "The passkey is removed. It no longer signs you in.",
    );
    Ok(see_other("/account/security"))
}
