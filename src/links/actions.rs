//! What issuers do to an existing link, shared by the admin UI and the tenant API: find it,
//! extend it, unlock it, and reach its current inquiry for a session token or access link.

use super::access_links::MintedAccessLink;
use crate::{
    db::now,
    domain::{Lifetime, LinkState},
    entities::{inquiries, links},
    error::AppError,
    idempotency::Commit,
    repo::{self, audit::AuditEntry, TenantScope},
    state::AppState,
};

/// The tenant's link `public_id` (`lnk_…`); another tenant's is not found.
pub async fn find(
    state: &AppState,
    scope: TenantScope,
    public_id: &str,
) -> Result<links::Model, AppError> {
    repo::links::find(&state.db.connection, scope, public_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Writes `action` about `link` to the audit trail.
pub async fn audit(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    link: &links::Model,
    action: &str,
    details: Option<serde_json::Value>,
) -> Result<(), AppError> {
    repo::audit::record(
        &state.db.connection,
        AuditEntry {
            tenant_id: Some(scope.tenant_id()),
            actor,
            action,
            subject: Some(&repo::audit::link_subject(&link.public_id)),
            details,
        },
    )
    .await?;
    Ok(())
}

/// An extended link, and whether the policy's maximum lifetime cut the extension short.
pub struct Extended {
    pub link: links::Model,
    pub capped: bool,
}

/// Extends a link by `extension`, counted from its expiry or from now if that has passed,
/// bounded by the policy's maximum lifetime from now. An expired link becomes active again;
/// revoked and completed links stay final (409). An unstarted inquiry that would now end
/// before the link is re-timed at the provider.
pub async fn extend(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    link: &links::Model,
    extension: Lifetime,
) -> Result<Extended, AppError> {
    if matches!(link.state, LinkState::Revoked | LinkState::Completed) {
        return Err(AppError::Conflict(format!(
            "A {} link cannot be extended.",
            link.state
        )));
    }
    let policy = repo::policies::get(&state.db.connection, scope).await?;
    let ceiling = policy.max_link_seconds.min(policy.ceiling_link_seconds);
    let at = now();
    let wanted = link.expires_at.max(at) + extension.seconds();
    // The policy bounds how far ahead of now a link may reach, however often it is extended.
    let bounded = wanted.min(at + ceiling);
    let new_state = if link.state == LinkState::Expired {
        LinkState::Active
    } else {
        link.state
    };
    repo::links::set_expiry(&state.db.connection, scope, link.id, bounded, new_state).await?;
    state.forget_link(link).await;
    let details = serde_json::json!({ "expires_at": bounded });
    audit(state, scope, actor, link, "link.extended", Some(details)).await?;
    let extended = find(state, scope, &link.public_id).await?;
    if let Err(error) =
        super::lifecycle::retime_after_extension(state, scope, actor, &extended).await
    {
        // The link itself is extended; the inquiry is re-timed at its next resume instead.
        log::warn!("re-timing the inquiry of an extended link failed: {error}");
    }
    Ok(Extended {
        link: extended,
        capped: bounded < wanted,
    })
}

/// Lets the access code work again after five wrong tries locked the link.
pub async fn unlock(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    link: &links::Model,
) -> Result<(), AppError> {
    repo::links::unlock(&state.db.connection, scope, link.id).await?;
    state.forget_link(link).await;
    audit(state, scope, actor, link, "link.unlocked", None).await
}

/// The inquiry a dedicated link currently opens; a static link has none (409).
pub async fn current_inquiry(
    state: &AppState,
    scope: TenantScope,
    link: &links::Model,
) -> Result<inquiries::Model, AppError> {
    let inquiry_id = link.current_inquiry_id.ok_or_else(|| {
        AppError::Conflict("A static link has no single inquiry; open one of its inquiries.".into())
    })?;
    repo::inquiries::find_by_id(&state.db.connection, scope, inquiry_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// A session token for the link's current inquiry (the stored one while it lasts, else a
/// resume), with the hosted-flow URL that opens it.
pub async fn session_token(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    link: &links::Model,
) -> Result<(String, String), AppError> {
    let inquiry = current_inquiry(state, scope, link).await?;
    let policy = repo::policies::get(&state.db.connection, scope).await?;
    let granted = super::session_tokens::session_token_for(
        state,
        scope,
        &inquiry,
        policy.min_token_remaining_seconds,
        actor,
    )
    .await?;
    state.forget_link(link).await;
    audit(state, scope, actor, link, "session_token.generated", None).await?;
    let flow_url =
        super::session_tokens::hosted_flow_url(state, &granted.inquiry_id, Some(&granted.token));
    Ok((granted.token, flow_url))
}

/// A one-time access link (`/a/{code}`) for the link's current inquiry; `commit` (the
/// form's answer) is stored with it.
pub async fn access_link(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    link: &links::Model,
    commit: Option<&Commit<'_, MintedAccessLink>>,
) -> Result<MintedAccessLink, AppError> {
    let inquiry = current_inquiry(state, scope, link).await?;
    super::access_links::mint(state, scope, &inquiry, actor, commit).await
}
