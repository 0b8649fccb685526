//! The login decision, kept apart from HTTP so its order of checks is easy to audit.

use std::net::IpAddr;

use actix_session::Session;

use crate::{
    auth::current_user::{AUTHENTICATED_AT, AUTH_VERSION, CSRF, USER_ID},
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

async fn record_success(state: &AppState, user: &users::Model) -> Result<(), AppError> {
    repo::audit::record(
        &state.db.connection,
        AuditEntry {
            tenant_id: user.tenant_id,
            actor: &format!("user:{}", user.public_id),
            action: "login.succeeded",
            subject: None,
            details: None,
        },
    )
    .await?;
    log::info!("login succeeded for user {}", user.public_id);
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
                    details: None,
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
