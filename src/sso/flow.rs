//! Signing in through a tenant's identity provider: `start` sends the browser there with
//! a fresh state, nonce and PKCE challenge kept in the server-side session; `finish` takes
//! the way back, refuses anything that does not check out (each refusal audited, nothing
//! created), and otherwise signs the person in, making their account on first sign-in.

use actix_session::Session;
use openidconnect::{
    core::CoreAuthenticationFlow, AuthorizationCode, CsrfToken, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, Scope, TokenResponse,
};
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

use crate::{
    accounts,
    auth::login::{self, NextStep},
    db::now,
    domain::{Email, EmailDomain},
    entities::users,
    error::AppError,
    repo::{self, audit::AuditEntry, TenantScope},
    state::AppState,
};

use super::refusal::Refusal;

/// The sign-in under way in this browser, kept in the session until the way back.
const PENDING: &str = "sso_pending";
/// How long a person may spend at the identity provider.
const PENDING_SECONDS: i64 = 600;

#[derive(Serialize, Deserialize)]
struct PendingSignIn {
    tenant_id: i32,
    state: String,
    nonce: String,
    pkce_verifier: String,
    started_at: i64,
}

/// The tenant whose identity provider `email` signs in with, if its domain has one.
pub async fn tenant_for_email(state: &AppState, email: &str) -> Result<Option<i32>, AppError> {
    let Some(domain) = Email::parse(email).ok().as_ref().and_then(EmailDomain::of) else {
        return Ok(None);
    };
    Ok(repo::sso::tenant_for_domain(&state.db.connection, domain.as_str()).await?)
}

/// Whether the password form should send `email` to its identity provider instead of
/// checking a password: its domain has single sign-on, and either no password was typed
/// (the email-first path) or the tenant switched password sign-in off for all but owners.
pub async fn replaces_password(
    state: &AppState,
    email: &str,
    password_typed: bool,
) -> Result<Option<i32>, AppError> {
    let Some(tenant_id) = tenant_for_email(state, email).await? else {
        return Ok(None);
    };
    if !password_typed {
        return Ok(Some(tenant_id));
    }
    let db = &state.db.connection;
    let scope = TenantScope::new(tenant_id);
    let passwords_on = repo::sso::find(db, scope)
        .await?
        .is_none_or(|row| row.password_sign_in);
    if passwords_on {
        return Ok(None);
    }
    let login = match Email::parse(email) {
        Ok(email) => repo::users::find_by_email(db, &email).await?,
        Err(_) => None,
    };
    let is_owner = match login {
        Some(login) => repo::memberships::find(db, scope, login.id)
            .await?
            .is_some_and(|member| member.role.is_owner()),
        None => false,
    };
    Ok((!is_owner).then_some(tenant_id))
}

/// The identity provider's authorization URL for this browser, with `email` as the login
/// hint; `Err` with a sentence when the provider cannot be reached.
pub async fn start(
    state: &AppState,
    session: &Session,
    tenant_id: i32,
    email: &str,
) -> Result<Result<String, String>, AppError> {
    let row = repo::sso::find(&state.db.connection, TenantScope::new(tenant_id))
        .await?
        .ok_or(AppError::NotFound)?;
    let client = match super::client_for(state, &row).await? {
        Ok(client) => client,
        Err(message) => return Ok(Err(message)),
    };
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("email".into()))
        .set_pkce_challenge(challenge);
    if let Ok(email) = Email::parse(email) {
        request = request.add_extra_param("login_hint", email.as_str().to_owned());
    }
    let (url, csrf, nonce) = request.url();
    let pending = PendingSignIn {
        tenant_id,
        state: csrf.secret().clone(),
        nonce: nonce.secret().clone(),
        pkce_verifier: verifier.secret().clone(),
        started_at: now(),
    };
    session
        .insert(PENDING, pending)
        .map_err(|e| AppError::internal(anyhow::anyhow!("session insert: {e}")))?;
    Ok(Ok(url.to_string()))
}

/// What the identity provider sends back.
#[derive(Deserialize, Default)]
pub struct Callback {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
}

pub enum Finished {
    SignedIn(Box<users::Model>, NextStep),
    Refused(Refusal),
}

/// Checks the way back and signs in; every refusal is in the audit trail.
pub async fn finish(
    state: &AppState,
    session: &Session,
    callback: Callback,
) -> Result<Finished, AppError> {
    // The sign-in is used up whatever happens next: a second try must start again.
    let pending = session
        .remove_as::<PendingSignIn>(PENDING)
        .and_then(Result::ok)
        .filter(|p| now() - p.started_at <= PENDING_SECONDS);
    let tenant_id = pending.as_ref().map(|p| p.tenant_id);
    let outcome = match pending {
        None => Err(Refusal::NotStarted),
        Some(pending) => verify(state, pending, callback).await?,
    };
    match outcome {
        Ok((user, via_jit)) => {
            record_success(state, &user, via_jit).await?;
            let next = login::after_password(state, session, &user).await?;
            Ok(Finished::SignedIn(Box::new(user), next))
        }
        Err(refusal) => {
            record_refusal(state, tenant_id, &refusal).await?;
            Ok(Finished::Refused(refusal))
        }
    }
}

/// The checks, in order: state, the provider's answer, the code exchange (with the PKCE
/// verifier), the ID token (signature, issuer, audience, expiry, nonce), the email.
async fn verify(
    state: &AppState,
    pending: PendingSignIn,
    callback: Callback,
) -> Result<Result<(users::Model, bool), Refusal>, AppError> {
    let returned = callback.state.unwrap_or_default();
    if !bool::from(returned.as_bytes().ct_eq(pending.state.as_bytes())) {
        return Ok(Err(Refusal::StateMismatch));
    }
    if let Some(error) = callback.error {
        return Ok(Err(Refusal::ProviderDeclined(error_code(&error))));
    }
    let Some(code) = callback.code else {
        return Ok(Err(Refusal::ProviderDeclined("no_code".into())));
    };
    let scope = TenantScope::new(pending.tenant_id);
    let Some(row) = repo::sso::find(&state.db.connection, scope).await? else {
        return Ok(Err(Refusal::NotStarted));
    };
    let client = match super::client_for(state, &row).await? {
        Ok(client) => client,
        Err(message) => return Ok(Err(Refusal::ProviderUnreachable(message))),
    };
    let http = super::http(state);
    let exchange = client
        .exchange_code(AuthorizationCode::new(code))
        .map_err(|_| Refusal::TokenExchange);
    let token = match exchange {
        Ok(request) => request
            .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier))
            .request_async(&http)
            .await
            .map_err(|error| {
                log::warn!(
                    "sso token exchange failed for tenant {}: {error}",
                    row.tenant_id
                );
                Refusal::TokenExchange
            }),
        Err(refusal) => Err(refusal),
    };
    let token = match token {
        Ok(token) => token,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let Some(id_token) = token.id_token() else {
        return Ok(Err(Refusal::NoIdToken));
    };
    let nonce = Nonce::new(pending.nonce);
    let claims = match id_token.claims(&client.id_token_verifier(), &nonce) {
        Ok(claims) => claims,
        Err(error) => return Ok(Err(Refusal::of_claims(&error))),
    };
    let email = match (claims.email(), claims.email_verified()) {
        (Some(email), Some(true)) => Email::parse(email.as_str()).ok(),
        _ => None,
    };
    let Some(email) = email else {
        return Ok(Err(Refusal::NoVerifiedEmail));
    };
    let person = Person {
        email: &email,
        subject: claims.subject().as_str(),
    };
    account_for(state, pending.tenant_id, &row.default_role, person).await
}

/// Who the identity provider vouched for: a verified email and its own stable id for
/// the person (`sub`).
struct Person<'a> {
    email: &'a Email,
    subject: &'a str,
}

/// The verified email's account in the tenant: found, or made with the default role when
/// the domain is one of the tenant's. Never linked to an account elsewhere, nor to one
/// another person at the provider signed in to first.
async fn account_for(
    state: &AppState,
    tenant_id: i32,
    default_role: &crate::domain::Role,
    person: Person<'_>,
) -> Result<Result<(users::Model, bool), Refusal>, AppError> {
    let db = &state.db.connection;
    let email = person.email;
    let allowed = repo::sso::domains(db, TenantScope::new(tenant_id)).await?;
    let in_allowed =
        EmailDomain::of(email).is_some_and(|d| allowed.iter().any(|a| a == d.as_str()));
    if !in_allowed {
        let shown = email
            .as_str()
            .rsplit('@')
            .next()
            .unwrap_or_default()
            .to_owned();
        return Ok(Err(Refusal::DomainNotAllowed(shown)));
    }
    let found = repo::users::find_by_email(db, email).await?;
    let membership = match &found {
        Some(user) => repo::memberships::find(db, TenantScope::new(tenant_id), user.id).await?,
        None => None,
    };
    match (found, membership) {
        (Some(_), None) => Ok(Err(Refusal::OtherAccount)),
        (Some(user), Some(member)) if user.disabled || member.disabled => {
            Ok(Err(Refusal::Disabled))
        }
        (Some(user), Some(member)) => {
            let scope = TenantScope::new(tenant_id);
            let bound = accounts::sso::bind_subject(db, scope, &member, person.subject).await?;
            Ok(if bound {
                Ok((user, false))
            } else {
                Err(Refusal::OtherPerson)
            })
        }
        (None, _) => {
            let made = accounts::sso::create_jit_user(
                &state.db,
                &state.password_hasher,
                tenant_id,
                (email, person.subject),
                *default_role,
            )
            .await;
            match made {
                Ok(user) => Ok(Ok((user, true))),
                Err(AppError::Conflict(_)) => Ok(Err(Refusal::OtherAccount)),
                Err(other) => Err(other),
            }
        }
    }
}

/// An OAuth error code as sent back: kept only when it looks like one.
fn error_code(raw: &str) -> String {
    let looks_right = !raw.is_empty()
        && raw.len() <= 40
        && raw.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    if looks_right {
        raw.to_owned()
    } else {
        "error".into()
    }
}

async fn record_success(
    state: &AppState,
    user: &users::Model,
    via_jit: bool,
) -> Result<(), AppError> {
    // Like a right password: with a second factor, only the first step is done.
    let action = if login::has_second_factor(state, user).await? {
        "login.sso_accepted"
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
            details: Some(serde_json::json!({"factor": "sso", "new_account": via_jit})),
        },
    )
    .await?;
    log::info!("sso sign-in for user {}", user.public_id);
    Ok(())
}

async fn record_refusal(
    state: &AppState,
    tenant_id: Option<i32>,
    refusal: &Refusal,
) -> Result<(), AppError> {
    let mut details = serde_json::json!({"factor": "sso", "reason": refusal.code()});
    if let Some(detail) = refusal.detail() {
        details["detail"] = detail.into();
    }
    repo::audit::record(
        &state.db.connection,
        AuditEntry {
            tenant_id,
            actor: "sso",
            action: "login.sso_refused",
            subject: None,
            details: Some(details),
        },
    )
    .await?;
    log::warn!("sso sign-in refused: {}", refusal.code());
    Ok(())
}
