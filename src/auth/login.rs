//! The login decision, kept apart from HTTP so its order of checks is easy to audit.

use std::net::IpAddr;

use actix_session::Session;

use crate::{
    auth::current_user::{
        AUTHENTICATED_AT, AUTH_VERSION, CSRF, ENROL_REQUIRED, MEMBERSHIP_VERSION, TENANT_ID,
        USER_ID,
    },
    auth::passkeys,
    auth::second_factor::{self, Factor},
    db::now,
    domain::{random_token, Email, Password, Role},
    entities::{memberships, tenants, users},
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
    // A login without an enabled membership (and no operator) has nowhere to sign in to:
    // refused like a wrong password. Looked up before the verification, so both take as long.
    let landing = match &user {
        Some(user) => landing(state, user).await?,
        None => None,
    };
    let usable = user
        .as_ref()
        .filter(|u| !u.disabled && (u.role == Role::Operator || landing.is_some()));
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
    let action = if has_second_factor(state, user).await? {
        "login.password_accepted"
    } else {
        "login.succeeded"
    };
    repo::audit::record_for_login(
        &state.db.connection,
        user.id,
        AuditEntry {
            tenant_id: None,
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

/// Whether the user signs in with a second step: an authenticator app or a passkey.
pub async fn has_second_factor(state: &AppState, user: &users::Model) -> Result<bool, AppError> {
    Ok(user.totp_secret.is_some() || passkeys::has_any(state, user.id).await?)
}

/// Whether a tenant with single sign-on still lets `user` in with a password: owners
/// always may (so a broken identity provider cannot lock the tenant out); the others
/// unless an owner switched password sign-in off.
async fn password_sign_in_allowed(state: &AppState, user: &users::Model) -> Result<bool, AppError> {
    // The tenant a sign-in lands in decides, with the role the login has there.
    let Some(landing) = landing(state, user).await? else {
        return Ok(true);
    };
    if landing.membership.role.is_owner() {
        return Ok(true);
    }
    let scope = repo::TenantScope::new(landing.membership.tenant_id);
    let sso = repo::sso::find(&state.db.connection, scope).await?;
    Ok(sso.is_none_or(|row| row.password_sign_in))
}

async fn record_password_off(state: &AppState, user: &users::Model) -> Result<(), AppError> {
    repo::audit::record_for_login(
        &state.db.connection,
        user.id,
        AuditEntry {
            tenant_id: None,
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
            repo::audit::record_for_login(
                &state.db.connection,
                user.id,
                AuditEntry {
                    tenant_id: None,
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

/// Where a sign-in lands: a tenant login's oldest enabled membership.
pub struct Landing {
    pub membership: memberships::Model,
    pub tenant: tenants::Model,
}

/// The tenant `user` signs in to (`None` for an operator, or a login no tenant lets in).
/// Every way in (password, second step, passkeys, single sign-on) lands here.
pub async fn landing(state: &AppState, user: &users::Model) -> Result<Option<Landing>, AppError> {
    if user.role == Role::Operator {
        return Ok(None);
    }
    Ok(repo::memberships::of_login(&state.db.connection, user.id)
        .await?
        .into_iter()
        .find(|(membership, _)| !membership.disabled)
        .map(|(membership, tenant)| Landing { membership, tenant }))
}

/// Starts a fresh session for `user` working in `membership`'s tenant (none for an
/// operator): a new session id, so a planted cookie is useless.
pub fn establish_session(
    session: &Session,
    user: &users::Model,
    membership: Option<&memberships::Model>,
) -> Result<(), AppError> {
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
    if let Some(membership) = membership {
        insert(TENANT_ID, membership.tenant_id.into())?;
        insert(MEMBERSHIP_VERSION, membership.auth_version.into())?;
    }
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

/// After the password: a second step for a user with a second factor (app or passkey) (a fresh session
/// holding only who is half-signed-in, for a few minutes); otherwise signed in, and sent
/// to enrol first when their tenant or the portal requires a second factor.
pub async fn after_password(
    state: &AppState,
    session: &Session,
    user: &users::Model,
) -> Result<NextStep, AppError> {
    if has_second_factor(state, user).await? {
        session.renew();
        session.clear();
        put(session, PENDING_USER, user.id.into())?;
        put(session, PENDING_VERSION, user.auth_version.into())?;
        put(session, PENDING_AT, now().into())?;
        return Ok(NextStep::SecondFactor);
    }
    let landing = landing(state, user).await?;
    let tenant_requires = landing
        .as_ref()
        .is_some_and(|landing| landing.tenant.require_second_factor);
    establish_session(session, user, landing.as_ref().map(|l| &l.membership))?;
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
    match user.filter(|u| !u.disabled && u.auth_version == version) {
        Some(user) if has_second_factor(state, &user).await? => Ok(Some(user)),
        _ => Ok(None),
    }
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
    repo::audit::record_for_login(
        &state.db.connection,
        user.id,
        AuditEntry {
            tenant_id: None,
            actor: &format!("user:{}", user.public_id),
            action,
            subject: None,
            details: Some(serde_json::json!({"factor": factor_name})),
        },
    )
    .await?;
    if factor.is_some() {
        let landing = landing(state, user).await?;
        establish_session(session, user, landing.as_ref().map(|l| &l.membership))?;
    }
    Ok(factor)
}
