use actix_session::Session;
use actix_web::{
    http::{header, StatusCode},
    web, HttpRequest, HttpResponse,
};
use serde::Deserialize;

use crate::{
    auth::{
        current_user::USER_ID,
        login::{self, LoginOutcome, NextStep},
        passkeys, CsrfToken, LoginCsrfForm, ProtectedForm,
    },
    domain::{Email, Password, Role},
    entities::users,
    error::AppError,
    sso,
    state::AppState,
    views::{self, auth::SecondStepMethods},
};

use super::{client_ip, see_other, EmptyForm};

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

pub(super) fn login_response(
    req: &HttpRequest,
    passkey_sign_in: bool,
    status: StatusCode,
    email: &str,
    error: Option<&str>,
) -> HttpResponse {
    let (token, cookie) = CsrfToken::for_login(req);
    let mut response = HttpResponse::build(status);
    if let Some(cookie) = cookie {
        response.cookie(cookie);
    }
    response.content_type("text/html; charset=utf-8").body(
        views::auth::login_page(&token.0, email, error, next_page(req), passkey_sign_in)
            .into_string(),
    )
}

/// Where a sign-in continues (`?next=`): only an invitation's page, so the parameter can
/// never send anyone to another site or an arbitrary page.
fn next_page(req: &HttpRequest) -> Option<&str> {
    let next = req.query_string().strip_prefix("next=")?;
    let token = next.strip_prefix("/invitations/")?;
    let valid = (1..=64).contains(&token.len())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    valid.then_some(next)
}

pub async fn login_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
) -> HttpResponse {
    if session.get::<i32>(USER_ID).ok().flatten().is_some() {
        return see_other("/");
    }
    login_response(&req, passkeys::available(&state), StatusCode::OK, "", None)
}

pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    LoginCsrfForm(form): LoginCsrfForm<LoginForm>,
) -> Result<HttpResponse, AppError> {
    // Nothing this long can be a valid account; refuse before doing any work.
    if form.email.len() > Email::MAX_LEN || form.password.chars().count() > Password::MAX_CHARS {
        return Ok(login_response(
            &req,
            passkeys::available(&state),
            StatusCode::BAD_REQUEST,
            "",
            Some("The email or password is too long."),
        ));
    }
    let password_typed = !form.password.is_empty();
    if let Some(tenant_id) =
        sso::flow::replaces_password(&state, &form.email, password_typed).await?
    {
        return super::sso::to_provider(&req, &state, &session, tenant_id, &form.email).await;
    }
    match login::attempt(&state, client_ip(&req), &form.email, form.password).await {
        Ok(LoginOutcome::LoggedIn(user)) => {
            match login::after_password(&state, &session, &user).await? {
                NextStep::SecondFactor => Ok(see_other("/login/second-factor")),
                NextStep::Enrol => Ok(see_other("/account/security")),
                NextStep::SignedIn => Ok(see_other(next_page(&req).unwrap_or(home(&user)))),
            }
        }
        Ok(LoginOutcome::PasswordSignInOff) => Ok(login_response(
            &req,
            passkeys::available(&state),
            StatusCode::FORBIDDEN,
            &form.email,
            Some("Your organisation signs in with single sign-on only: use “Continue with single sign-on”."),
        )),
        Ok(LoginOutcome::Refused) => Ok(login_response(
            &req,
            passkeys::available(&state),
            StatusCode::UNAUTHORIZED,
            &form.email,
            Some("The email or password is incorrect."),
        )),
        Err(AppError::TooManyRequests {
            retry_after_seconds,
        }) => {
            let message = format!(
                "Too many sign-in attempts. Wait {retry_after_seconds} seconds, then try again."
            );
            let mut response = login_response(
                &req,
                passkeys::available(&state),
                StatusCode::TOO_MANY_REQUESTS,
                &form.email,
                Some(&message),
            );
            response.headers_mut().insert(
                header::RETRY_AFTER,
                header::HeaderValue::from(retry_after_seconds),
            );
            Ok(response)
        }
        Err(other) => Err(other),
    }
}

pub(super) fn home(user: &users::Model) -> &'static str {
    if user.role == Role::Operator {
        "/operator/tenants"
    } else {
        "/"
    }
}

/// Which second steps `user` can take.
async fn second_step_methods(
    state: &AppState,
    user: &users::Model,
) -> Result<SecondStepMethods, AppError> {
    Ok(SecondStepMethods {
        codes: user.totp_secret.is_some(),
        passkey: passkeys::has_any(state, user.id).await?,
    })
}

fn second_step_response(
    req: &HttpRequest,
    status: StatusCode,
    error: Option<&str>,
    methods: SecondStepMethods,
) -> HttpResponse {
    let (token, cookie) = CsrfToken::for_login(req);
    let mut response = HttpResponse::build(status);
    if let Some(cookie) = cookie {
        response.cookie(cookie);
    }
    response
        .content_type("text/html; charset=utf-8")
        .body(views::auth::second_factor_page(&token.0, error, methods).into_string())
}

/// The second step's page, for a user half-signed-in in this session.
pub async fn second_factor_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
) -> Result<HttpResponse, AppError> {
    let Some(user) = login::pending_user(&state, &session).await? else {
        return Ok(see_other("/login"));
    };
    let methods = second_step_methods(&state, &user).await?;
    Ok(second_step_response(&req, StatusCode::OK, None, methods))
}

#[derive(Deserialize)]
pub struct SecondFactorForm {
    #[serde(default)]
    code: String,
}

pub async fn verify_second_factor(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    LoginCsrfForm(form): LoginCsrfForm<SecondFactorForm>,
) -> Result<HttpResponse, AppError> {
    let Some(user) = login::pending_user(&state, &session).await? else {
        return Ok(see_other("/login"));
    };
    let methods = second_step_methods(&state, &user).await?;
    if form.code.len() > 64 {
        let error = Some("Enter the 6-digit code or a recovery code.");
        return Ok(second_step_response(
            &req,
            StatusCode::BAD_REQUEST,
            error,
            methods,
        ));
    }
    match login::second_step(&state, &session, &user, &form.code).await {
        Ok(Some(_)) => Ok(see_other(home(&user))),
        Ok(None) => Ok(second_step_response(
            &req,
            StatusCode::UNAUTHORIZED,
            Some("That code is incorrect or was already used."),
            methods,
        )),
        Err(AppError::TooManyRequests {
            retry_after_seconds,
        }) => {
            let message = format!(
                "Too many codes tried. Wait {retry_after_seconds} seconds, then try again."
            );
            let mut response =
                second_step_response(&req, StatusCode::TOO_MANY_REQUESTS, Some(&message), methods);
            response.headers_mut().insert(
                header::RETRY_AFTER,
                header::HeaderValue::from(retry_after_seconds),
            );
            Ok(response)
        }
        Err(other) => Err(other),
    }
}

pub async fn logout(session: Session, _form: ProtectedForm<EmptyForm>) -> HttpResponse {
    session.purge();
    see_other("/login")
}
