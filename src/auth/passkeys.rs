//! Passkeys (WebAuthn, through webauthn-rs): a login registers several, names and removes
//! them. Each ceremony's state stays in the server-side session between its start and its
//! finish, is taken out by the finish (so a challenge answers once) and lapses after a
//! few minutes; nothing the browser sends back is trusted for it.

use actix_session::Session;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use webauthn_rs::prelude::{
    CreationChallengeResponse, Passkey, PasskeyRegistration, RegisterPublicKeyCredential, Url,
    Uuid, Webauthn, WebauthnBuilder,
};

use crate::{
    db::now,
    entities::{passkeys, users},
    error::AppError,
    repo::{self, audit::AuditEntry, passkeys::NewPasskey},
    state::AppState,
};

/// How long a started ceremony may wait for its finish.
const CEREMONY_SECONDS: i64 = 300;
const REGISTRATION: &str = "passkey_registration";
const RP_NAME: &str = "Inquiry Portal";
pub const NAME_MAX_CHARS: usize = 80;

/// A ceremony's server-side state, with when it started.
#[derive(Serialize, Deserialize)]
struct Ceremony<T> {
    state: T,
    started_at: i64,
}

/// Keeps `state` in the session under `key` until the ceremony's finish takes it.
pub(crate) fn begin<T: Serialize>(session: &Session, key: &str, state: T) -> Result<(), AppError> {
    session
        .insert(
            key,
            Ceremony {
                state,
                started_at: now(),
            },
        )
        .map_err(|e| AppError::internal(anyhow::anyhow!("session insert: {e}")))
}

/// Takes the ceremony under `key` out of the session (it answers once); `None` when none
/// was started here or it lapsed.
pub(crate) fn take<T: DeserializeOwned>(session: &Session, key: &str) -> Option<T> {
    let ceremony = session.remove_as::<Ceremony<T>>(key)?.ok()?;
    (now() - ceremony.started_at <= CEREMONY_SECONDS).then_some(ceremony.state)
}

/// The relying party: the portal's public URL (its host is the RP id).
pub fn relying_party(state: &AppState) -> Result<Webauthn, AppError> {
    let origin = Url::parse(&state.settings.public_url).map_err(AppError::internal)?;
    let rp_id = origin
        .host_str()
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("public URL without a host")))?
        .to_owned();
    WebauthnBuilder::new(&rp_id, &origin)
        .and_then(|builder| builder.rp_name(RP_NAME).build())
        .map_err(|_| {
            AppError::Conflict(
                "Passkeys need the portal's public URL (PORTAL_PUBLIC_URL) to name a domain, not an IP address."
                    .into(),
            )
        })
}

/// Whether passkeys work here: WebAuthn needs the public URL's host to be a domain name
/// (`localhost` included), never an IP address.
pub fn available(state: &AppState) -> bool {
    relying_party(state).is_ok()
}

/// The stored credential of a passkey row.
pub(crate) fn credential_of(row: &passkeys::Model) -> Result<Passkey, AppError> {
    serde_json::from_str(&row.credential).map_err(AppError::internal)
}

pub(crate) fn encode_id(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub(crate) async fn audit(
    state: &AppState,
    user: &users::Model,
    action: &str,
    details: serde_json::Value,
) -> Result<(), AppError> {
    repo::audit::record_for_login(
        &state.db.connection,
        user.id,
        AuditEntry {
            tenant_id: None,
            actor: &format!("user:{}", user.public_id),
            action,
            subject: Some(&format!("user:{}", user.public_id)),
            details: Some(details),
        },
    )
    .await?;
    Ok(())
}

#[derive(Serialize, Deserialize)]
struct PendingRegistration {
    registration: PasskeyRegistration,
    user_id: i32,
    user_handle: Uuid,
}

/// Starts registering a passkey for `user`: the options for `navigator.credentials.create`.
/// The passkey must be discoverable (a resident key), so it can sign in without a password.
pub async fn start_registration(
    state: &AppState,
    session: &Session,
    user: &users::Model,
) -> Result<serde_json::Value, AppError> {
    let existing = repo::passkeys::list_for_user(&state.db.connection, user.id).await?;
    // One handle per login: the authenticator keeps one account entry for the portal.
    let user_handle = existing
        .first()
        .and_then(|row| Uuid::parse_str(&row.user_handle).ok())
        .unwrap_or_else(Uuid::new_v4);
    let exclude = existing
        .iter()
        .map(|row| credential_of(row).map(|key| key.cred_id().clone()))
        .collect::<Result<Vec<_>, _>>()?;
    let (options, registration) = relying_party(state)?
        .start_passkey_registration(user_handle, &user.email, &user.email, Some(exclude))
        .map_err(|e| AppError::internal(anyhow::anyhow!("webauthn: {e}")))?;
    begin(
        session,
        REGISTRATION,
        PendingRegistration {
            registration,
            user_id: user.id,
            user_handle,
        },
    )?;
    require_resident_key(options)
}

/// webauthn-rs asks for a discoverable credential only where it must; the portal signs in
/// with passkeys without a user name, so it asks every authenticator to keep one.
fn require_resident_key(options: CreationChallengeResponse) -> Result<serde_json::Value, AppError> {
    let mut value = serde_json::to_value(options).map_err(AppError::internal)?;
    if let Some(selection) = value
        .pointer_mut("/publicKey/authenticatorSelection")
        .and_then(serde_json::Value::as_object_mut)
    {
        selection.insert("residentKey".into(), "required".into());
        selection.insert("requireResidentKey".into(), true.into());
    }
    Ok(value)
}

/// A passkey name as typed: trimmed, 1 to 80 characters.
pub fn parse_name(input: &str) -> Result<String, String> {
    let name = input.trim();
    if name.is_empty() {
        return Err("Give the passkey a name, such as the device it is on.".into());
    }
    if name.chars().count() > NAME_MAX_CHARS || name.chars().any(char::is_control) {
        return Err(format!(
            "Use at most {NAME_MAX_CHARS} characters, on one line."
        ));
    }
    Ok(name.to_owned())
}

/// Finishes the registration started in this session by `user`. `Err(message)`: refused
/// (nothing started, lapsed, another user's ceremony, a bad answer, a known credential).
pub async fn finish_registration(
    state: &AppState,
    session: &Session,
    user: &users::Model,
    name: &str,
    answer: &RegisterPublicKeyCredential,
) -> Result<Result<passkeys::Model, String>, AppError> {
    let name = match parse_name(name) {
        Ok(name) => name,
        Err(message) => return Ok(Err(message)),
    };
    let pending =
        take::<PendingRegistration>(session, REGISTRATION).filter(|p| p.user_id == user.id);
    let Some(pending) = pending else {
        return Ok(Err(
            "No passkey set-up is under way here, or it took too long. Start again.".into(),
        ));
    };
    let passkey =
        match relying_party(state)?.finish_passkey_registration(answer, &pending.registration) {
            Ok(passkey) => passkey,
            Err(error) => {
                log::warn!(
                    "passkey registration refused for user {}: {error}",
                    user.public_id
                );
                return Ok(Err("The passkey could not be set up. Try again.".into()));
            }
        };
    let credential_id = encode_id(passkey.cred_id().as_ref());
    let db = &state.db.connection;
    if repo::passkeys::find_by_credential_id(db, &credential_id)
        .await?
        .is_some()
    {
        return Ok(Err("This passkey is already registered.".into()));
    }
    let row = repo::passkeys::insert(
        db,
        NewPasskey {
            user_id: user.id,
            user_handle: &pending.user_handle.to_string(),
            credential_id: &credential_id,
            credential: serde_json::to_string(&passkey).map_err(AppError::internal)?,
            name: &name,
        },
    )
    .await?;
    let details = serde_json::json!({"factor": "passkey", "passkey": row.public_id});
    audit(state, user, "passkey.registered", details).await?;
    Ok(Ok(row))
}

/// Renames one of `user`'s own passkeys; false when it is not theirs.
pub async fn rename(
    state: &AppState,
    user: &users::Model,
    passkey_id: &str,
    name: &str,
) -> Result<bool, AppError> {
    if !repo::passkeys::rename(&state.db.connection, user.id, passkey_id, name).await? {
        return Ok(false);
    }
    let details = serde_json::json!({"passkey": passkey_id});
    audit(state, user, "passkey.renamed", details).await?;
    Ok(true)
}

/// Removes one of `user`'s own passkeys; false when it is not theirs (or already gone).
pub async fn remove(
    state: &AppState,
    user: &users::Model,
    passkey_id: &str,
) -> Result<bool, AppError> {
    if !repo::passkeys::remove(&state.db.connection, user.id, passkey_id).await? {
        return Ok(false);
    }
    let details = serde_json::json!({"factor": "passkey", "passkey": passkey_id});
    audit(state, user, "passkey.removed", details).await?;
    Ok(true)
}

/// The user's passkeys, for the security page.
pub async fn list(state: &AppState, user: &users::Model) -> Result<Vec<passkeys::Model>, AppError> {
    Ok(repo::passkeys::list_for_user(&state.db.connection, user.id).await?)
}

/// Whether the user has a passkey (a second factor in itself).
pub async fn has_any(state: &AppState, user_id: i32) -> Result<bool, AppError> {
    Ok(repo::passkeys::count_for_user(&state.db.connection, user_id).await? > 0)
}
