//! Owners manage their tenant's API keys: create, list and revoke (minting is in
//! `api_keys`).

use crate::{
    entities::api_keys,
    error::AppError,
    idempotency::Commit,
    repo::{self, audit::AuditEntry, TenantScope},
    state::AppState,
};

/// A key just created, with its secret (the only copy there will ever be).
pub struct CreatedKey {
    pub key: api_keys::Model,
    pub secret: String,
}

/// Creates a key from the admin form; the form's answer (which shows the secret once)
/// commits with the key, so a repeat of the form shows this key and creates no second one.
pub async fn create(
    state: &AppState,
    scope: TenantScope,
    spec: &super::api_keys::KeySpec,
    actor: &str,
    commit: &Commit<'_, CreatedKey>,
) -> Result<CreatedKey, AppError> {
    let write = state.db.begin_write().await?;
    let (key, secret) = super::api_keys::issue_key_in(&*write, scope, spec, actor).await?;
    let created = CreatedKey { key, secret };
    commit.write(state, &*write, &created).await?;
    write.commit().await?;
    Ok(created)
}

pub async fn list(state: &AppState, scope: TenantScope) -> Result<Vec<api_keys::Model>, AppError> {
    Ok(repo::api_keys::list(&state.db.connection, scope).await?)
}

/// Revokes the tenant's key `public_id`; it fails at once on every instance. Revoking a
/// revoked key changes nothing. Returns the key.
pub async fn revoke(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    public_id: &str,
) -> Result<api_keys::Model, AppError> {
    let db = &state.db.connection;
    let key = repo::api_keys::find(db, scope, public_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if repo::api_keys::revoke(db, scope, key.id).await? {
        state.forget_api_keys().await;
        repo::audit::record(
            db,
            AuditEntry {
                tenant_id: Some(scope.tenant_id()),
                actor,
                action: "api_key.revoked",
                subject: Some(&format!("api_key:{}", key.public_id)),
                details: None,
            },
        )
        .await?;
    }
    Ok(key)
}
