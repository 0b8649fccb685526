//! The operator's usage page: every tenant's links, inquiries and API keys against its policy.

use crate::{
    error::AppError,
    repo::{self, stats::TenantUsage, TenantScope},
    state::AppState,
};

pub async fn all_tenants(state: &AppState) -> Result<Vec<TenantUsage>, AppError> {
    let db = &state.db.connection;
    let mut rows = Vec::new();
    // Operators see across tenants, but each count still goes through one tenant's scope.
    for summary in repo::tenants::list_with_user_counts(db).await? {
        let scope = TenantScope::new(summary.tenant.id);
        rows.push(TenantUsage {
            usage: repo::stats::usage(db, scope).await?,
            policy: repo::policies::get(db, scope).await?,
            tenant: summary.tenant,
            users: summary.user_count,
        });
    }
    Ok(rows)
}
