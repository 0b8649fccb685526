//! Signing in with a passkey: instead of the password (a discoverable credential names
//! its user; user verification makes it two factors in one), or as the second step after
//! the password. Every outcome that names a user is in the audit trail.

use actix_session::Session;
use serde::{Deserialize, Serialize};
use webauthn_rs::prelude::{
    AuthenticationResult, DiscoverableAuthentication, Passkey, PasskeyAuthentication,
    PublicKeyCredential, RequestChallengeResponse,
};

use crate::{
    auth::{
        login::{establish_session, landing},
        passkeys::{begin, credential_of, encode_id, relying_party, take},
    },
    domain::Role,
    entities::{passkeys, users},
    error::AppError,
    repo::{self, audit::AuditEntry},
    state::AppState,
};

const SIGN_IN: &str = "passkey_sign_in";
const SECOND_STEP: &str = "passkey_second_step";
const SECOND_STEP_TRIES: u32 = 5;
const SECOND_STEP_WINDOW: std::time::Duration = std::time::Duration::from_secs(300);

fn webauthn_error(error: impl std::fmt::Display) -> AppError {
    AppError::internal(anyhow::anyhow!("webauthn: {error}"))
}

/// The options for `navigator.credentials.get`, as JSON. webauthn-rs marks discoverable
/// requests for conditional (autofill) mediation; the portal asks from a button instead.
fn options_json(options: RequestChallengeResponse) -> Result<serde_json::Value, AppError> {
    let mut value = serde_json::to_value(options).map_err(AppError::internal)?;
    if let Some(object) = value.as_object_mut() {
        object.remove("mediation");
    }
    Ok(value)
}

async fn audit_login(
    state: &AppState,
    user: &users::Model,
    succeeded: bool,
    passkey: Option<&str>,
) -> Result<(), AppError> {
    let action = if succeeded {
        "login.succeeded"
    } else {
        "login.failed"
    };
    repo::audit::record_for_login(
        &state.db.connection,
        user.id,
        AuditEntry {
            tenant_id: None,
            actor: &format!("user:{}", user.public_id),
            action,
            subject: None,
            details: Some(serde_json::json!({"factor": "passkey", "passkey": passkey})),
        },
    )
    .await?;
    Ok(())
}

/// Keeps the passkey's new signature counter (a cloned key shows up as a counter that
/// goes back, which webauthn-rs refuses) and when it was used.
async fn record_use(
    state: &AppState,
    row: &passkeys::Model,
    mut passkey: Passkey,
    result: &AuthenticationResult,
) -> Result<(), AppError> {
    let changed = passkey.update_credential(result) == Some(true);
    let credential = if changed {
        Some(serde_json::to_string(&passkey).map_err(AppError::internal)?)
    } else {
        None
    };
    repo::passkeys::record_use(&state.db.connection, row.id, credential).await?;
    Ok(())
}

/// Starts a sign-in without a user name: any passkey of this portal may answer.
pub fn start_sign_in(state: &AppState, session: &Session) -> Result<serde_json::Value, AppError> {
    let (options, ceremony) = relying_party(state)?
        .start_discoverable_authentication()
        .map_err(webauthn_error)?;
    begin(session, SIGN_IN, ceremony)?;
    options_json(options)
}

/// Finishes the sign-in started in this session: the passkey's user, signed in (a fresh
/// session), or `None` when refused (no ceremony, a replay, an unknown or removed passkey,
/// a bad signature, a disabled account).
pub async fn finish_sign_in(
    state: &AppState,
    session: &Session,
    answer: &PublicKeyCredential,
) -> Result<Option<users::Model>, AppError> {
    let Some(ceremony) = take::<DiscoverableAuthentication>(session, SIGN_IN) else {
        log::warn!("passkey sign-in refused: no ceremony under way in this session");
        return Ok(None);
    };
    let webauthn = relying_party(state)?;
    let Ok((user_handle, credential_id)) = webauthn.identify_discoverable_authentication(answer)
    else {
        return Ok(None);
    };
    let db = &state.db.connection;
    let row = repo::passkeys::find_by_credential_id(db, &encode_id(credential_id)).await?;
    let Some(row) = row.filter(|row| row.user_handle == user_handle.to_string()) else {
        log::warn!("passkey sign-in refused: unknown passkey");
        return Ok(None);
    };
    let user = repo::users::find_by_id(db, row.user_id).await?;
    let Some(user) = user.filter(|user| !user.disabled) else {
        return Ok(None);
    };
    let passkey = credential_of(&row)?;
    match webauthn.finish_discoverable_authentication_v2(answer, ceremony, &passkey) {
        Ok(result) => {
            record_use(state, &row, passkey, &result).await?;
            // A tenant login that no tenant lets in any more is refused like a wrong key.
            let landing = landing(state, &user).await?;
            if landing.is_none() && user.role != Role::Operator {
                audit_login(state, &user, false, Some(&row.public_id)).await?;
                return Ok(None);
            }
            audit_login(state, &user, true, Some(&row.public_id)).await?;
            establish_session(session, &user, landing.as_ref().map(|l| &l.membership))?;
            Ok(Some(user))
        }
        Err(error) => {
            log::warn!(
                "passkey sign-in refused for user {}: {error}",
                user.public_id
            );
            audit_login(state, &user, false, Some(&row.public_id)).await?;
            Ok(None)
        }
    }
}

#[derive(Serialize, Deserialize)]
struct PendingSecondStep {
    authentication: PasskeyAuthentication,
    user_id: i32,
}

/// Starts the second step with one of `user`'s passkeys (the password was right).
pub async fn start_second_step(
    state: &AppState,
    session: &Session,
    user: &users::Model,
) -> Result<Option<serde_json::Value>, AppError> {
    let rows = repo::passkeys::list_for_user(&state.db.connection, user.id).await?;
    if rows.is_empty() {
        return Ok(None);
    }
    let keys = rows
        .iter()
        .map(credential_of)
        .collect::<Result<Vec<_>, _>>()?;
    let (options, authentication) = relying_party(state)?
        .start_passkey_authentication(&keys)
        .map_err(webauthn_error)?;
    let pending = PendingSecondStep {
        authentication,
        user_id: user.id,
    };
    begin(session, SECOND_STEP, pending)?;
    options_json(options).map(Some)
}

/// Finishes the second step for `user` (half-signed-in in this session), under the same
/// throttle as codes: signed in, or false (recorded).
pub async fn finish_second_step(
    state: &AppState,
    session: &Session,
    user: &users::Model,
    answer: &PublicKeyCredential,
) -> Result<bool, AppError> {
    state
        .second_factor_limiter
        .check(
            &format!("second-factor:{}", user.public_id),
            SECOND_STEP_TRIES,
            SECOND_STEP_WINDOW,
        )
        .await?;
    let pending = take::<PendingSecondStep>(session, SECOND_STEP).filter(|p| p.user_id == user.id);
    let db = &state.db.connection;
    let row = repo::passkeys::find_by_credential_id(db, &encode_id(&answer.raw_id)).await?;
    let (Some(pending), Some(row)) = (pending, row.filter(|row| row.user_id == user.id)) else {
        audit_login(state, user, false, None).await?;
        return Ok(false);
    };
    let passkey = credential_of(&row)?;
    match relying_party(state)?.finish_passkey_authentication(answer, &pending.authentication) {
        Ok(result) => {
            record_use(state, &row, passkey, &result).await?;
            audit_login(state, user, true, Some(&row.public_id)).await?;
            let landing = landing(state, user).await?;
            establish_session(session, user, landing.as_ref().map(|l| &l.membership))?;
            Ok(true)
        }
        Err(error) => {
            log::warn!(
                "passkey second step refused for user {}: {error}",
                user.public_id
            );
            audit_login(state, user, false, Some(&row.public_id)).await?;
            Ok(false)
        }
    }
}
