//! Single sign-on on the login page: `POST /login/sso` sends an email's person to their
//! organisation's identity provider, `GET /login/sso/callback` takes them back in.

use actix_session::Session;
use actix_web::{http::StatusCode, web, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::{
    auth::{login::NextStep, LoginCsrfForm},
    domain::Email,
    error::AppError,
    sso::flow::{self, Callback, Finished},
    state::AppState,
    views,
};

use super::{
    auth::{home, login_response},
    see_other,
};

#[derive(Deserialize)]
pub struct SsoForm {
    #[serde(default)]
    email: String,
}

/// "Continue with single sign-on": to the identity provider of the email's domain.
pub async fn start_sso(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    LoginCsrfForm(form): LoginCsrfForm<SsoForm>,
) -> Result<HttpResponse, AppError> {
    let email = form.email.trim();
    let passkey_sign_in = crate::auth::passkeys::available(&state);
    let refuse = |status, message: &str| {
        Ok(login_response(
            &req,
            passkey_sign_in,
            status,
            email,
            Some(message),
        ))
    };
    if email.len() > Email::MAX_LEN || Email::parse(email).is_err() {
        let message = "Enter your work email address to continue with single sign-on.";
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, message);
    }
    match flow::tenant_for_email(&state, email).await? {
        Some(tenant_id) => to_provider(&req, &state, &session, tenant_id, email).await,
        None => refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Single sign-on is not set up for this email address. Sign in with your password.",
        ),
    }
}

/// The 303 to the identity provider, or the login page saying it cannot be reached.
pub async fn to_provider(
    req: &HttpRequest,
    state: &AppState,
    session: &Session,
    tenant_id: i32,
    email: &str,
) -> Result<HttpResponse, AppError> {
    match flow::start(state, session, tenant_id, email).await? {
        // Not a 303: browsers check a form's redirects against the login page's
        // `form-action 'self'`, which cannot name every tenant's provider. This page
        // moves on by itself (a meta refresh, no JavaScript) from outside the form.
        Ok(url) => Ok(HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .body(views::sso::continue_page(&url).into_string())),
        Err(reason) => {
            log::warn!("sso start failed for tenant {tenant_id}: {reason}");
            let message = "Your organisation's identity provider cannot be reached right now. Try again in a moment.";
            Ok(login_response(
                req,
                crate::auth::passkeys::available(state),
                StatusCode::BAD_GATEWAY,
                email,
                Some(message),
            ))
        }
    }
}

/// The identity provider's way back: signed in (perhaps to a second step), or a page
/// saying why not.
pub async fn finish_sso(
    state: web::Data<AppState>,
    session: Session,
    query: Option<web::Query<Callback>>,
) -> Result<HttpResponse, AppError> {
    let callback = query.map(web::Query::into_inner).unwrap_or_default();
    match flow::finish(&state, &session, callback).await? {
        Finished::SignedIn(user, next) => Ok(see_other(match next {
            NextStep::SecondFactor => "/login/second-factor",
            NextStep::Enrol => "/account/security",
            NextStep::SignedIn => home(&user),
        })),
        Finished::Refused(refusal) => Ok(HttpResponse::build(StatusCode::FORBIDDEN)
            .content_type("text/html; charset=utf-8")
            .body(views::sso::refused_page(&refusal.message()).into_string())),
    }
}
