//! Changes to a link's life shared by the UI and the API.

use crate::{
    domain::{LinkState, WebhookEventType},
    entities::links,
    error::AppError,
    repo::{self, audit::AuditEntry, TenantScope},
    state::AppState,
    tenant_webhooks,
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
    let write = state.db.begin_write().await?;
    repo::links::set_state(&*write, scope, link.id, LinkState::Revoked).await?;
    repo::audit::record(
        &*write,
        AuditEntry {
            tenant_id: Some(scope.tenant_id()),
            actor,
            action: "link.revoked",
            subject: Some(&repo::audit::link_subject(&link.public_id)),
            details: None,
        },
    )
    .await?;
    let kind = WebhookEventType::LinkRevoked;
    tenant_webhooks::enqueue_for_link(&*write, scope, kind, link).await?;
    write.commit().await?;
    state.forget_link(link).await;
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

/// Expires the links whose time has passed, each in its own transaction with its audit
/// entry and its `link.expired` event; returns how many (the expiry job's pass).
pub async fn expire_due(state: &AppState) -> Result<usize, AppError> {
    let mut expired = 0;
    for link in repo::links::due_for_expiry(&state.db.connection, 500).await? {
        let scope = TenantScope::new(link.tenant_id);
        let write = state.db.begin_write().await?;
        if !repo::links::expire_if_due(&*write, link.id).await? {
            continue;
        }
        repo::audit::record(
            &*write,
            AuditEntry {
                tenant_id: Some(link.tenant_id),
                actor: "system:expiry",
                action: "link.expired",
                subject: Some(&repo::audit::link_subject(&link.public_id)),
                details: None,
            },
        )
        .await?;
        let kind = WebhookEventType::LinkExpired;
        tenant_webhooks::enqueue_for_link(&*write, scope, kind, &link).await?;
        write.commit().await?;
        state.forget_link_id(link.id).await;
        expired += 1;
    }
    Ok(expired)
}
