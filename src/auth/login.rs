//! The login decision, kept apart from HTTP so its order of checks is easy to audit.

use std::net::IpAddr;

use actix_session::Session;

use crate::{
    auth::current_user::{AUTHENTICATED_AT, AUTH_VERSION, CSRF, ENROL_REQUIRED, USER_ID},
    auth::second_factor::{self, Factor},
    db::now,
    domain::{random_token, Email, Password},
    entities::users,
    error::AppError,
    repo::{self, audit::AuditEntry},
    state::AppState,
};

pub enum LoginOutcome {
    LoggedIn(Box<users::Model>),
    /// Unknown email or wrong password: deliberately indistinguishable.
    Refused,
    /// The right password, but the user's tenant signs in through its identity provider
    /// only (owners aside). Told only after the password was right, so it reveals nothing.
    PasswordSignInOff,
}

/// Takes a try from the address's and the account's throttles, verifies the password (or
/// a dummy, for unknown emails) and records the outcome. Never says which of email or
/// password was wrong.
pub async fn attempt(
    state: &AppState,
    ip: IpAddr,
    email_input: &str,
    password: String,
) -> Result<LoginOutcome, AppError> {
    // Both tries are taken before the (slow) verification, so simultaneous guesses cannot
    // all pass a check that only the first of them has been counted against.
    let throttle = &state.login_throttle;
    throttle.take_ip_attempt(ip).await?;
    if let Err(refused) = throttle.take_account_attempt(&state.db, email_input).await {
        // No password was checked: the address keeps its try.
        throttle.give_back_ip_attempt(ip).await;
        return Err(refused);
    }
    let user = match Email::parse(email_input) {
        Ok(email) => repo::users::find_by_email(&state.db.connection, &email).await?,
        Err(_) => None,
    };
    let usable = user.as_ref().filter(|u| !u.disabled);
    let verification = state
        .password_hasher
        .verify(password.clone(), usable.map(|u| u.password_hash.clone()))
        .await?;
    match usable {
        Some(user) if verification.valid && !password_sign_in_allowed(state, user).await? => {
            throttle.give_back_ip_attempt(ip).await;
            record_password_off(state, user).await?;
            Ok(LoginOutcome::PasswordSignInOff)
        }
        Some(user) if verification.valid => {
            throttle.give_back_ip_attempt(ip).await;
            throttle.clear_account(&state.db, email_input).await?;
            if verification.needs_rehash {
                if let Ok(password) = Password::parse(&password) {
                    let hash = state.password_hasher.hash(&password).await?;
                    repo::users::set_password_hash(&state.db.connection, user.id, hash, false)
                        .await?;
                }
            }
            record_success(state, user).await?;
            Ok(LoginOutcome::LoggedIn(Box::new(user.clone())))
        }
        _ => {
            record_failure(state, user.as_ref()).await?;
            Ok(LoginOutcome::Refused)
        }
    }
}

/// The password was right: signed in, unless a second step follows (then only the
/// password is recorded as accepted).
async fn record_success(state: &AppState, user: &users::Model) -> Result<(), AppError> {
    let action = if user.totp_secret.is_some() {
        "login.password_accepted"
    } else {
        "login.succeeded"
    };
    repo::audit::record(
        &state.db.connection,
        AuditEntry {
            tenant_id: user.tenant_id,
            actor: &format!("user:{}", user.public_id),
            action,
            subject: None,
            details: Some(serde_json::json!({"factor": "password"})),
        },
    )
    .await?;
    log::info!("login succeeded for user {}", user.public_id);
    Ok(())
}

/// Whether a tenant with single sign-on still lets `user` in with a password: owners
/// always may (so a broken identity provider cannot lock the tenant out); the others
/// unless an owner switched password sign-in off.
async fn password_sign_in_allowed(state: &AppState, user: &users::Model) -> Result<bool, AppError> {
    let Some(tenant_id) = user.tenant_id.filter(|_| !user.role.is_owner()) else {
        return Ok(true);
    };
    let sso = repo::sso::find(&state.db.connection, repo::TenantScope::new(tenant_id)).await?;
    Ok(sso.is_none_or(|row| row.password_sign_in))
}

async fn record_password_off(state: &AppState, user: &users::Model) -> Result<(), AppError> {
    repo::audit::record(
        &state.db.connection,
        AuditEntry {
            tenant_id: user.tenant_id,
            actor: &format!("user:{}", user.public_id),
            action: "login.refused",
            subject: None,
            details: Some(
                serde_json::json!({"factor": "password", "reason": "password_sign_in_off"}),
            ),
        },
    )
    .await?;
    Ok(())
}

/// The failure is already counted (the tries were taken up front); this leaves its trace.
async fn record_failure(state: &AppState, user: Option<&users::Model>) -> Result<(), AppError> {
    match user {
        Some(user) => {
            repo::audit::record(
                &state.db.connection,
                AuditEntry {
                    tenant_id: user.tenant_id,
                    actor: &format!("user:{}", user.public_id),
                    action: "login.failed",
                    subject: None,
                    details: Some(serde_json::json!({"factor": "password"})),
                },
            )
            .await?;
            log::warn!("login failed for user {}", user.public_id);
        }
        None => log::warn!("login failed for an unknown account"),
    }
    Ok(())
}

/// Starts a fresh session for `user`: a new session id, so a planted cookie is useless.
pub fn establish_session(session: &Session, user: &users::Model) -> Result<(), AppError> {
    session.renew();
    session.clear();
    let insert = |key: &str, value: serde_json::Value| {
        session
            .insert(key, value)
            .map_err(|e| AppError::internal(anyhow::anyhow!("session insert: {e}")))
    };
    insert(USER_ID, user.id.into())?;
    insert(AUTH_VERSION, user.auth_version.into())?;
    insert(AUTHENTICATED_AT, now().into())?;
    insert(CSRF, random_token(32).into())?;
    Ok(())
}

const PENDING_USER: &str = "pending_user_id";
const PENDING_VERSION: &str = "pending_auth_version";
const PENDING_AT: &str = "pending_at";
/// How long the half-signed-in state (password accepted, second step not yet) lasts.
const SECOND_STEP_SECONDS: i64 = 300;
/// Second-step tries per user per window, apart from the password's throttle.
const SECOND_STEP_TRIES: u32 = 5;

/// Where a right password leads.
pub enum NextStep {
    SignedIn,
    /// The user has a second factor: the second-step page.
    SecondFactor,
    /// Signed in, but a second factor is required and must be set up first.
    Enrol,
}

/// After the password: a second step for a user with a second factor (a fresh session
/// holding only who is half-signed-in, for a few minutes); otherwise signed in, and sent
/// to enrol first when their tenant or the portal requires a second factor.
pub async fn after_password(
    state: &AppState,
    session: &Session,
    user: &users::Model,
) -> Result<NextStep, AppError> {
    if user.totp_secret.is_some() {
        session.renew();
        session.clear();
        put(session, PENDING_USER, user.id.into())?;
        put(session, PENDING_VERSION, user.auth_version.into())?;
        put(session, PENDING_AT, now().into())?;
        return Ok(NextStep::SecondFactor);
    }
    let tenant_requires = match user.tenant_id {
        Some(id) => repo::tenants::find_by_id(&state.db.connection, id)
            .await?
            .is_some_and(|tenant| tenant.require_second_factor),
        None => false,
    };
    establish_session(session, user)?;
    if second_factor::required_for(state, user, tenant_requires) {
        put(session, ENROL_REQUIRED, true.into())?;
        return Ok(NextStep::Enrol);
    }
    Ok(NextStep::SignedIn)
}

fn put(session: &Session, key: &str, value: serde_json::Value) -> Result<(), AppError> {
    session
        .insert(key, value)
        .map_err(|e| AppError::internal(anyhow::anyhow!("session insert: {e}")))
}

/// The user half-signed-in in this session, while that lasts and nothing changed.
pub async fn pending_user(
    state: &AppState,
    session: &Session,
) -> Result<Option<users::Model>, AppError> {
    let user_id = session.get::<i32>(PENDING_USER).ok().flatten();
    let version = session.get::<i32>(PENDING_VERSION).ok().flatten();
    let at = session.get::<i64>(PENDING_AT).ok().flatten();
    let (Some(user_id), Some(version), Some(at)) = (user_id, version, at) else {
        return Ok(None);
    };
    if now() - at > SECOND_STEP_SECONDS {
        session.purge();
        return Ok(None);
    }
    let user = repo::users::find_by_id(&state.db.connection, user_id).await?;
    Ok(user.filter(|u| !u.disabled && u.auth_version == version && u.totp_secret.is_some()))
}

/// The second step: a TOTP code or a recovery code, under its own throttle. Signed in
/// on success; `None` (recorded) when the code is wrong or used.
pub async fn second_step(
    state: &AppState,
    session: &Session,
    user: &users::Model,
    code: &str,
) -> Result<Option<Factor>, AppError> {
    state
        .second_factor_limiter
        .check(
            &format!("second-factor:{}", user.public_id),
            SECOND_STEP_TRIES,
            std::time::Duration::from_secs(SECOND_STEP_SECONDS as u64),
        )
        .await?;
    let factor = second_factor::verify(state, user, code).await?;
    let (action, factor_name) = match factor {
        Some(factor) => ("login.succeeded", factor.as_str()),
        None => ("login.failed", "second_factor"),
    };
    repo::audit::record(
        &state.db.connection,
        AuditEntry {
            tenant_id: user.tenant_id,
            actor: &format!("user:{}", user.public_id),
            action,
            subject: None,
            details: Some(serde_json::json!({"factor": factor_name})),
        },
    )
    .await?;
    if factor.is_some() {
        establish_session(session, user)?;
    }
    Ok(factor)
}
