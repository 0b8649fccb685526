//! Server-side session storage for actix-session: the database by default, Redis when
//! `REDIS_URL` is set. Either way the record is found by a SHA-256 of the cookie's key (a
//! copy of the store gives no usable cookie), Redis records sit under the deployment's
//! namespace, and logging out deletes the session on the server, so a copied cookie stops
//! working. While Redis does not answer, sessions fail at once (the 503 page), never hang.

use std::collections::HashMap;

use actix_session::storage::{LoadError, SaveError, SessionKey, SessionStore, UpdateError};
use actix_web::cookie::time::Duration;
use anyhow::anyhow;

use crate::{cluster::Cluster, db::Database, domain::random_token, repo};

type SessionState = HashMap<String, String>;

/// Cheap to clone: every worker shares the same pool or Redis connection.
#[derive(Clone)]
pub enum PortalSessionStore {
    Database(Database),
    Redis(Cluster),
}

/// The kind of record sessions are in Redis: `{namespace}:session:{sha256 of the key}`.
const SESSION_RECORD: &str = "session";

fn std_ttl(ttl: &Duration) -> std::time::Duration {
    std::time::Duration::from_secs(u64::try_from(ttl.whole_seconds()).unwrap_or(0).max(1))
}

fn key_hash(key: &str) -> String {
    crate::crypto::sha256_hex(key)
}

fn expires_at(ttl: &Duration) -> i64 {
    crate::db::now() + ttl.whole_seconds()
}

fn new_key() -> Result<SessionKey, anyhow::Error> {
    SessionKey::try_from(random_token(32)).map_err(|e| anyhow!("session key: {e}"))
}

impl PortalSessionStore {
    async fn redis_save(
        cluster: &Cluster,
        state: SessionState,
        ttl: &Duration,
    ) -> Result<SessionKey, SaveError> {
        let body = serde_json::to_string(&state).map_err(|e| SaveError::Serialization(e.into()))?;
        let key = new_key().map_err(SaveError::Other)?;
        cluster
            .put_record(
                SESSION_RECORD,
                &key_hash(key.as_ref()),
                body,
                std_ttl(ttl),
                false,
            )
            .await
            .map_err(|e| SaveError::Other(e.into()))?;
        Ok(key)
    }

    async fn database_save(
        db: &Database,
        state: SessionState,
        ttl: &Duration,
    ) -> Result<SessionKey, SaveError> {
        let body = serde_json::to_string(&state).map_err(|e| SaveError::Serialization(e.into()))?;
        let key = new_key().map_err(SaveError::Other)?;
        repo::sessions::upsert(
            &db.connection,
            &key_hash(key.as_ref()),
            body,
            expires_at(ttl),
        )
        .await
        .map_err(|e| SaveError::Other(e.into()))?;
        Ok(key)
    }
}

impl SessionStore for PortalSessionStore {
    async fn load(&self, session_key: &SessionKey) -> Result<Option<SessionState>, LoadError> {
        match self {
            Self::Redis(cluster) => {
                let body = cluster
                    .get_record(SESSION_RECORD, &key_hash(session_key.as_ref()))
                    .await
                    .map_err(|e| LoadError::Other(e.into()))?;
                body.map(|body| serde_json::from_str(&body))
                    .transpose()
                    .map_err(|e| LoadError::Deserialization(e.into()))
            }
            Self::Database(db) => {
                let row = repo::sessions::load(&db.connection, &key_hash(session_key.as_ref()))
                    .await
                    .map_err(|e| LoadError::Other(e.into()))?;
                row.map(|body| serde_json::from_str(&body))
                    .transpose()
                    .map_err(|e| LoadError::Deserialization(e.into()))
            }
        }
    }

    async fn save(&self, state: SessionState, ttl: &Duration) -> Result<SessionKey, SaveError> {
        match self {
            Self::Redis(cluster) => Self::redis_save(cluster, state, ttl).await,
            Self::Database(db) => Self::database_save(db, state, ttl).await,
        }
    }

    async fn update(
        &self,
        session_key: SessionKey,
        state: SessionState,
        ttl: &Duration,
    ) -> Result<SessionKey, UpdateError> {
        match self {
            Self::Redis(cluster) => {
                let body = serde_json::to_string(&state)
                    .map_err(|e| UpdateError::Serialization(e.into()))?;
                let hash = key_hash(session_key.as_ref());
                let kept = cluster
                    .put_record(SESSION_RECORD, &hash, body, std_ttl(ttl), true)
                    .await
                    .map_err(|e| UpdateError::Other(e.into()))?;
                if kept {
                    Ok(session_key)
                } else {
                    // Ended meanwhile (logout, expiry): never resurrect its state.
                    Self::redis_save(cluster, SessionState::new(), ttl)
                        .await
                        .map_err(|e| UpdateError::Other(anyhow!("{e}")))
                }
            }
            Self::Database(db) => {
                let hash = key_hash(session_key.as_ref());
                let exists = repo::sessions::load(&db.connection, &hash)
                    .await
                    .map_err(|e| UpdateError::Other(e.into()))?
                    .is_some();
                if !exists {
                    // Ended meanwhile (logout, expiry): never resurrect its state.
                    return Self::database_save(db, SessionState::new(), ttl)
                        .await
                        .map_err(|e| UpdateError::Other(anyhow!("{e}")));
                }
                let body = serde_json::to_string(&state)
                    .map_err(|e| UpdateError::Serialization(e.into()))?;
                repo::sessions::upsert(&db.connection, &hash, body, expires_at(ttl))
                    .await
                    .map_err(|e| UpdateError::Other(e.into()))?;
                Ok(session_key)
            }
        }
    }

    async fn update_ttl(&self, session_key: &SessionKey, ttl: &Duration) -> anyhow::Result<()> {
        match self {
            Self::Redis(cluster) => Ok(cluster
                .touch_record(
                    SESSION_RECORD,
                    &key_hash(session_key.as_ref()),
                    std_ttl(ttl),
                )
                .await?),
            Self::Database(db) => {
                repo::sessions::touch(
                    &db.connection,
                    &key_hash(session_key.as_ref()),
                    expires_at(ttl),
                )
                .await?;
                Ok(())
            }
        }
    }

    async fn delete(&self, session_key: &SessionKey) -> anyhow::Result<()> {
        match self {
            Self::Redis(cluster) => Ok(cluster
                .delete_record(SESSION_RECORD, &key_hash(session_key.as_ref()))
                .await?),
            Self::Database(db) => {
                repo::sessions::delete(&db.connection, &key_hash(session_key.as_ref())).await?;
                Ok(())
            }
        }
    }
}
