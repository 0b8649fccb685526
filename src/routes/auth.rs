use actix_session::Session;
use actix_web::{http::header, web, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::{
    auth::{
        current_user::USER_ID,
        login::{self, LoginOutcome},
        CsrfToken, LoginCsrfForm, ProtectedForm,
    },
    domain::{Email, Password, Role},
    error::AppError,
    state::AppState,
    views,
};

use super::{client_ip, see_other, EmptyForm};

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

fn login_response(
    req: &HttpRequest,
    status: actix_web::http::StatusCode,
    email: &str,
    error: Option<&str>,
) -> HttpResponse {
    let (token, cookie) = CsrfToken::for_login(req);
    let mut response = HttpResponse::build(status);
    if let Some(cookie) = cookie {
        response.cookie(cookie);
    }
    response
        .content_type("text/html; charset=utf-8")
        .body(views::auth::login_page(&token.0, email, error).into_string())
}

pub async fn login_form(req: HttpRequest, session: Session) -> HttpResponse {
    if session.get::<i32>(USER_ID).ok().flatten().is_some() {
        return see_other("/");
    }
    login_response(&req, actix_web::http::StatusCode::OK, "", None)
}

pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    LoginCsrfForm(form): LoginCsrfForm<LoginForm>,
) -> Result<HttpResponse, AppError> {
    use actix_web::http::StatusCode;
    // Nothing this long can be a valid account; refuse before doing any work.
    if form.email.len() > Email::MAX_LEN || form.password.chars().count() > Password::MAX_CHARS {
        return Ok(login_response(
            &req,
            StatusCode::BAD_REQUEST,
            "",
            Some("The email or password is too long."),
        ));
    }
    match login::attempt(&state, client_ip(&req), &form.email, form.password).await {
        Ok(LoginOutcome::LoggedIn(user)) => {
            login::establish_session(&session, &user)?;
            let home = if user.role == Role::Operator {
                "/operator/tenants"
            } else {
                "/"
            };
            Ok(see_other(home))
        }
        Ok(LoginOutcome::Refused) => Ok(login_response(
            &req,
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

pub async fn logout(session: Session, _form: ProtectedForm<EmptyForm>) -> HttpResponse {
    session.purge();
    see_other("/login")
}
