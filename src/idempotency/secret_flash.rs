//! Secrets shown by Post/Redirect/Get: the POST stores the secret here (encrypted, bound
//! to the user's session, for a few minutes) and redirects to the page that shows it; that
//! page shows it once. A reload finds it shown and repeats nothing.

use sea_orm::ConnectionTrait;
use serde::{de::DeserializeOwned, Serialize};

use crate::{
    crypto::keyed_hash,
    db::now,
    domain::random_token,
    error::AppError,
    repo::{self, secret_flashes::NewFlash, TenantScope},
    state::AppState,
};

/// Long enough to follow a redirect, short enough that an unread secret does not linger.
pub const LIFETIME_SECONDS: i64 = 10 * 60;

/// Who may read a flash: this user, in this session.
pub struct Reader {
    user_id: i32,
    session_binding: String,
}

impl Reader {
    /// The session is named by its CSRF token (a per-session secret), kept only as a keyed
    /// hash: another session of the same user, or a copy of the table, cannot read it.
    pub fn new(state: &AppState, user_id: i32, session_csrf_token: &str) -> Self {
        Self {
            user_id,
            session_binding: keyed_hash(
                &state.settings.data_key,
                &format!("secret-flash-session:{session_csrf_token}"),
            ),
        }
    }
}

/// A secret sealed for one reader, to be stored with the answer of the form that made it.
pub struct Flash {
    public_id: String,
    user_id: i32,
    session_binding: String,
    payload_encrypted: String,
    at: i64,
}

fn context(public_id: &str, session_binding: &str) -> String {
    format!("secret-flash:{public_id}:{session_binding}")
}

impl Flash {
    pub fn seal(
        state: &AppState,
        reader: &Reader,
        payload: &impl Serialize,
    ) -> Result<Self, AppError> {
        let public_id = random_token(18);
        let json = serde_json::to_string(payload).map_err(AppError::internal)?;
        let payload_encrypted = state
            .cipher
            .encrypt(&json, &context(&public_id, &reader.session_binding))
            .map_err(AppError::internal)?;
        Ok(Self {
            public_id,
            user_id: reader.user_id,
            session_binding: reader.session_binding.clone(),
            payload_encrypted,
            at: now(),
        })
    }

    /// The handle the redirect carries to the page that shows the secret.
    pub fn public_id(&self) -> &str {
        &self.public_id
    }

    pub(super) async fn insert(
        &self,
        db: &impl ConnectionTrait,
        scope: TenantScope,
    ) -> Result<(), AppError> {
        repo::secret_flashes::insert(
            db,
            scope,
            NewFlash {
                public_id: &self.public_id,
                user_id: self.user_id,
                session_binding: &self.session_binding,
                payload_encrypted: &self.payload_encrypted,
                at: self.at,
                expires_at: self.at + LIFETIME_SECONDS,
            },
        )
        .await?;
        Ok(())
    }
}

/// What the page that shows a secret finds.
pub enum Shown<T> {
    /// The secret, shown now and never again.
    Now(T),
    AlreadyShown,
    /// Expired unshown, or not this session's.
    Gone,
}

/// Takes the flash `public_id` for `reader`: the first read gets the secret, later ones
/// learn that it was shown.
pub async fn take<T: DeserializeOwned>(
    state: &AppState,
    scope: TenantScope,
    reader: &Reader,
    public_id: &str,
) -> Result<Shown<T>, AppError> {
    let db = &state.db.connection;
    let Some(flash) = repo::secret_flashes::find(
        db,
        scope,
        public_id,
        reader.user_id,
        &reader.session_binding,
    )
    .await?
    else {
        return Ok(Shown::Gone);
    };
    if flash.shown_at.is_some() {
        return Ok(Shown::AlreadyShown);
    }
    let at = now();
    let Some(sealed) = flash.payload_encrypted.filter(|_| flash.expires_at > at) else {
        return Ok(Shown::Gone);
    };
    if !repo::secret_flashes::mark_shown(db, flash.id, at).await? {
        return Ok(Shown::AlreadyShown);
    }
    let json = state
        .cipher
        .decrypt(&sealed, &context(public_id, &reader.session_binding))
        .map_err(AppError::internal)?;
    Ok(Shown::Now(
        serde_json::from_str(&json).map_err(AppError::internal)?,
    ))
}
