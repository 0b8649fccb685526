//! `/account/security`: set up, use and remove a TOTP second factor, see the passkeys
//! (routes/passkeys.rs changes them); an owner requires one of everyone in the tenant.

use actix_session::Session;
use actix_web::{http::StatusCode, web, HttpResponse};
use serde::Deserialize;

use crate::{
    auth::{
        current_user::ENROL_REQUIRED, passkeys, second_factor, EnrollingUser, ProtectedForm,
        TenantUser,
    },
    error::AppError,
    state::AppState,
    views::{
        self, page_response,
        passkeys::PasskeyRow,
        security::{Enrolment, SecurityView},
        Flash, Nav,
    },
};

use super::{see_other, EmptyForm};

/// The secret being set up, kept server side in the session until a code confirms it.
const PENDING_SECRET: &str = "totp_pending_secret";
/// The recovery codes just made, shown by the next visit of the page and then gone.
const NEW_RECOVERY_CODES: &str = "recovery_codes_once";

fn session_error(e: impl std::fmt::Display) -> AppError {
    AppError::internal(anyhow::anyhow!("session: {e}"))
}

async fn page(
    state: &AppState,
    session: &Session,
    user: &EnrollingUser,
    code_error: Option<&str>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let current = &user.0;
    let enrolment = session
        .get::<String>(PENDING_SECRET)
        .ok()
        .flatten()
        .map(|secret| Enrolment { secret });
    let recovery_codes = session
        .remove_as::<Vec<String>>(NEW_RECOVERY_CODES)
        .and_then(Result::ok);
    let must_enrol = session.get::<bool>(ENROL_REQUIRED).ok().flatten() == Some(true);
    let tenant_requires = current
        .tenant
        .as_ref()
        .filter(|_| current.role.is_owner())
        .map(|tenant| tenant.require_second_factor);
    let stored = passkeys::list(state, &current.user).await?;
    let passkey_rows: Vec<PasskeyRow<'_>> = stored
        .iter()
        .map(|passkey| PasskeyRow {
            public_id: &passkey.public_id,
            name: &passkey.name,
            created_at: passkey.created_at,
            last_used_at: passkey.last_used_at,
        })
        .collect();
    let content = views::security::security_page(SecurityView {
        csrf_token: &current.csrf_token,
        enrolled_at: current.user.totp_enabled_at,
        recovery_left: current
            .user
            .recovery_codes
            .as_deref()
            .map(|codes| codes.split_whitespace().count()),
        enrolment: enrolment.as_ref(),
        recovery_codes: recovery_codes.as_deref(),
        code_error,
        must_enrol,
        tenant_requires,
        operators_required: state.settings.operator_require_mfa && current.is_operator(),
        passkeys: &passkey_rows,
        passkeys_available: passkeys::available(state),
    });
    Ok(page_response(
        current.viewer(),
        "Security",
        Nav::Account,
        Flash::take(session),
        status,
        content,
    ))
}

pub async fn show_security(
    state: web::Data<AppState>,
    session: Session,
    user: EnrollingUser,
) -> Result<HttpResponse, AppError> {
    page(&state, &session, &user, None, StatusCode::OK).await
}

/// The QR code of the secret being set up (never cached).
pub async fn totp_qr_code(session: Session, user: EnrollingUser) -> Result<HttpResponse, AppError> {
    let secret = session
        .get::<String>(PENDING_SECRET)
        .ok()
        .flatten()
        .ok_or(AppError::NotFound)?;
    let uri = second_factor::provisioning_uri(&secret, &user.0.user.email)?;
    Ok(HttpResponse::Ok()
        .content_type("image/svg+xml")
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .body(second_factor::qr_svg(&uri)?))
}

/// Makes a new secret to set up (shown with its QR code until a code confirms it).
pub async fn start_totp(
    session: Session,
    _user: EnrollingUser,
    _form: ProtectedForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    session
        .insert(PENDING_SECRET, second_factor::new_secret())
        .map_err(session_error)?;
    Ok(see_other("/account/security"))
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

/// Confirms the secret with a code from the app; the recovery codes are shown once, by
/// Post/Redirect/Get through the server-side session.
pub async fn confirm_totp(
    state: web::Data<AppState>,
    session: Session,
    user: EnrollingUser,
    ProtectedForm(form): ProtectedForm<CodeForm>,
) -> Result<HttpResponse, AppError> {
    let Some(secret) = session.get::<String>(PENDING_SECRET).ok().flatten() else {
        Flash::error(
            &session,
            "Start the set-up again: the secret was not found.",
        );
        return Ok(see_other("/account/security"));
    };
    match second_factor::enrol(&state, &user.0.user, &secret, &form.code).await? {
        Ok(codes) => {
            session.remove(PENDING_SECRET);
            session.remove(ENROL_REQUIRED);
            session
                .insert(NEW_RECOVERY_CODES, codes)
                .map_err(session_error)?;
            Flash::success(
                &session,
                "Your authenticator app is set up. You will be asked for a code when you sign in.",
            );
            Ok(see_other("/account/security"))
        }
        Err(message) => {
            page(
                &state,
                &session,
                &user,
                Some(&message),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// Removes the second factor, proven with a current code or a recovery code.
pub async fn remove_totp(
    state: web::Data<AppState>,
    session: Session,
    user: EnrollingUser,
    ProtectedForm(form): ProtectedForm<CodeForm>,
) -> Result<HttpResponse, AppError> {
    if !second_factor::remove(&state, &user.0.user, &form.code).await? {
        let message = "That code is incorrect or was already used; the second factor stays.";
        return page(
            &state,
            &session,
            &user,
            Some(message),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    Flash::success(&session, "The second factor is removed.");
    Ok(see_other("/account/security"))
}

#[derive(Deserialize)]
pub struct RequirementForm {
    #[serde(default)]
    required: Option<String>,
}

/// An owner requires a second factor of everyone in the tenant (from their next sign-in).
pub async fn set_tenant_requirement(
    state: web::Data<AppState>,
    session: Session,
    owner: TenantUser,
    ProtectedForm(form): ProtectedForm<RequirementForm>,
) -> Result<HttpResponse, AppError> {
    owner.require_owner()?;
    let required = form.required.as_deref() == Some("true");
    second_factor::set_tenant_requirement(&state, owner.scope(), &owner.current.actor(), required)
        .await?;
    let message = if required {
        "Everyone in the tenant now needs a second factor; people without one set it up at their next sign-in."
    } else {
        "A second factor is no longer required."
    };
    Flash::success(&session, message);
    Ok(see_other("/account/security"))
}
