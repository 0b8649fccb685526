//! Owners manage their tenant's API keys: list and revoke (issuing is in `api_keys`).

use crate::{
    entities::api_keys,
    error::AppError,
    repo::{self, audit::AuditEntry, TenantScope},
    state::AppState,
};

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
