//! Changes to a link's life shared by the UI and the API.

use crate::{
    domain::LinkState,
    entities::links,
    error::AppError,
    repo::{self, audit::AuditEntry, TenantScope},
    state::AppState,
};

/// Revokes a link: every later click, in any browser, gets the "no longer valid" page.
/// Returns false when it was already revoked.
pub async fn revoke(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    link: &links::Model,
) -> Result<bool, AppError> {
    if link.state == LinkState::Revoked {
        return Ok(false);
    }
    repo::links::set_state(&state.db.connection, scope, link.id, LinkState::Revoked).await?;
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

/// Pauses an active link, or lets a paused one work again. Returns false when the link was
/// not in the state the change starts from (only active links pause, only paused resume).
pub async fn set_paused(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    link: &links::Model,
    paused: bool,
) -> Result<bool, AppError> {
    let (from, to, action) = if paused {
        (LinkState::Active, LinkState::Paused, "link.paused")
    } else {
        (LinkState::Paused, LinkState::Active, "link.resumed")
    };
    if link.state != from {
        return Ok(false);
    }
    repo::links::set_state(&state.db.connection, scope, link.id, to).await?;
    state.forget_link(link).await;
    repo::audit::record(
        &state.db.connection,
        AuditEntry {
            tenant_id: Some(scope.tenant_id()),
            actor,
            action,
            subject: Some(&repo::audit::link_subject(&link.public_id)),
            details: None,
        },
    )
    .await?;
    Ok(true)
}
