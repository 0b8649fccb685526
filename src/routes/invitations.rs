//! The invitation's page and its two ways to accept: a new address sets its password; an
//! address with a login signs in as it, then accepts. Opening the page changes nothing
//! (mail scanners open links); only the POSTs do.

use actix_session::Session;
use actix_web::{http::StatusCode, web, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::{
    accounts::invitations::{self, Lookup, Opened, Refusal},
    auth::{login, CsrfToken, CurrentUser, LoginCsrfForm, ProtectedForm},
    error::AppError,
    http::{see_other, EmptyForm},
    notifications::mask_email,
    state::AppState,
    views::{
        invitations::{accept_page, gone_page, AcceptView},
        Flash,
    },
};

fn html(status: StatusCode, markup: maud::Markup) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .body(markup.into_string())
}

/// Unknown 404; used or expired 410, with what to do next.
fn gone_response(lookup: Option<&Lookup>) -> HttpResponse {
    match lookup {
        Some(Lookup::Used) => html(
            StatusCode::GONE,
            gone_page(
                "Invitation already used",
                "This invitation has been accepted already. Sign in to continue.",
            ),
        ),
        Some(Lookup::Expired) => html(
            StatusCode::GONE,
            gone_page(
                "Invitation expired",
                "This invitation has expired. Ask the person who invited you to send a new one.",
            ),
        ),
        _ => html(
            StatusCode::NOT_FOUND,
            gone_page(
                "Invitation not found",
                "This invitation link is not valid. Check that you opened the whole link.",
            ),
        ),
    }
}

/// The page for a new address: the password form, with a login CSRF cookie.
fn set_password_response(
    req: &HttpRequest,
    opened: &Opened,
    token: &str,
    status: StatusCode,
    error: Option<&str>,
) -> HttpResponse {
    let (csrf, cookie) = CsrfToken::for_login(req);
    let view = AcceptView::SetPassword {
        csrf_token: &csrf.0,
        error,
    };
    let mut response = html(status, open_page(opened, token, view));
    if let Some(cookie) = cookie {
        // A fresh response carries no cookies yet; adding one cannot fail.
        let _ = response.add_cookie(&cookie);
    }
    response
}

fn open_page(opened: &Opened, token: &str, view: AcceptView<'_>) -> maud::Markup {
    accept_page(
        &opened.tenant.name,
        opened.invitation.role.as_str(),
        token,
        view,
    )
}

pub async fn show_invitation(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    current: Option<CurrentUser>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let opened = match invitations::open(&state, &token).await? {
        Some(Lookup::Open(opened)) => opened,
        other => return Ok(gone_response(other.as_ref())),
    };
    let Some(login) = &opened.login else {
        return Ok(set_password_response(
            &req,
            &opened,
            &token,
            StatusCode::OK,
            None,
        ));
    };
    let view = match &current {
        Some(current) if current.user.id == login.id => AcceptView::Accept {
            csrf_token: &current.csrf_token,
        },
        _ => AcceptView::SignIn {
            masked_email: &mask_email(&login.email),
            signed_in_as_other: current.is_some(),
        },
    };
    Ok(html(StatusCode::OK, open_page(&opened, &token, view)))
}

/// Accepts as the signed-in login; the session moves to the tenant joined.
pub async fn accept_invitation(
    state: web::Data<AppState>,
    session: Session,
    path: web::Path<String>,
    current: CurrentUser,
    _form: ProtectedForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    match invitations::accept_signed_in(&state, &token, &current.user).await? {
        Ok(tenant) => {
            crate::auth::tenant_switch::switch_tenant(&state, &session, &current, &tenant.slug)
                .await?;
            Flash::success(&session, format!("You joined {}.", tenant.name));
            Ok(see_other("/"))
        }
        Err(Refusal::WrongLogin) => Err(AppError::Forbidden),
        Err(_) => Ok(gone_response(
            invitations::open(&state, &token).await?.as_ref(),
        )),
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm_password: String,
}

/// A new address sets its password: the login is created, joined and signed in.
pub async fn set_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    path: web::Path<String>,
    LoginCsrfForm(form): LoginCsrfForm<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let outcome =
        invitations::accept_with_password(&state, &token, &form.password, &form.confirm_password)
            .await?;
    match outcome {
        Ok((user, tenant)) => {
            // Signed in as at a sign-in: the tenant's second-factor rule applies at once.
            let next = match login::after_password(&state, &session, &user).await? {
                login::NextStep::SignedIn => "/",
                login::NextStep::Enrol => "/account/security",
                login::NextStep::SecondFactor => "/login/second-factor",
            };
            Flash::success(&session, format!("Welcome to {}.", tenant.name));
            Ok(see_other(next))
        }
        Err(Refusal::Password(message)) => match invitations::open(&state, &token).await? {
            Some(Lookup::Open(opened)) => Ok(set_password_response(
                &req,
                &opened,
                &token,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&message),
            )),
            other => Ok(gone_response(other.as_ref())),
        },
        // The address has a login (now): the page says to sign in.
        Err(Refusal::SignInFirst) => Ok(see_other(&format!("/invitations/{token}"))),
        Err(_) => Ok(gone_response(
            invitations::open(&state, &token).await?.as_ref(),
        )),
    }
}
