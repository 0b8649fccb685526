//! Changes to a link's life shared by the UI and the API.

use crate::{
    entities::links,
    error::AppError,
    repo::{self, audit::AuditEntry, TenantScope},
    startup::AppState,
};

/// Revokes a link: every later click, in any browser, gets the "no longer valid" page.
/// Returns false when it was already revoked.
pub async fn revoke(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    link: &links::Model,
) -> Result<bool, AppError> {
    if link.state == "revoked" {
        return Ok(false);
    }
    repo::links::set_state(&state.db.connection, scope, link.id, "revoked").await?;
    state.forget_link(link).await;
    repo::audit::record(
        &state.db.connection,
        AuditEntry {
            tenant_id: Some(scope.tenant_id()),
            actor,
            action: "link.revoked",
            subject: Some(&repo::audit::link_subject(&link.public_id)),
            details: None,
        },
    )
    .await?;
    Ok(true)
}
