//! The tenant policy: owners set it, operators set its ceiling. API keys carry the policy
//! in their short cache, so every change clears that cache for it to apply at once.

use crate::{
    entities::{tenant_policies, tenants},
    error::AppError,
    repo::{self, audit::AuditEntry, TenantScope},
    state::AppState,
};

pub async fn load(
    state: &AppState,
    scope: TenantScope,
) -> Result<tenant_policies::Model, AppError> {
    Ok(repo::policies::get(&state.db.connection, scope).await?)
}

/// Saves a policy the owner's form produced (already checked against the ceiling).
pub async fn save(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    policy: &tenant_policies::Model,
) -> Result<(), AppError> {
    let db = &state.db.connection;
    repo::policies::save(db, scope, policy).await?;
    state.forget_api_keys().await;
    record(state, scope, actor, "policy.changed", None).await
}

/// Sets a tenant's link-lifetime ceiling (`days`, 1 to 3650); the tenant's own default and
/// maximum are lowered to it when they were above. Returns the tenant; `Ok(None)` for days
/// out of range.
pub async fn set_ceiling(
    state: &AppState,
    tenant_slug: &str,
    actor: &str,
    days: i64,
) -> Result<Option<tenants::Model>, AppError> {
    let db = &state.db.connection;
    let tenant = repo::tenants::find_by_slug(db, tenant_slug)
        .await?
        .ok_or(AppError::NotFound)?;
    if !(1..=3650).contains(&days) {
        return Ok(None);
    }
    let scope = TenantScope::new(tenant.id);
    let mut policy = repo::policies::get(db, scope).await?;
    policy.ceiling_link_seconds = days * 86_400;
    policy.max_link_seconds = policy.max_link_seconds.min(policy.ceiling_link_seconds);
    policy.default_link_seconds = policy.default_link_seconds.min(policy.max_link_seconds);
    repo::policies::save(db, scope, &policy).await?;
    state.forget_api_keys().await;
    let details = serde_json::json!({ "ceiling_days": days });
    record(state, scope, actor, "policy.ceiling_changed", Some(details)).await?;
    Ok(Some(tenant))
}

async fn record(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    action: &str,
    details: Option<serde_json::Value>,
) -> Result<(), AppError> {
    repo::audit::record(
        &state.db.connection,
        AuditEntry {
            tenant_id: Some(scope.tenant_id()),
            actor,
            action,
            subject: None,
            details,
        },
    )
    .await?;
    Ok(())
}
