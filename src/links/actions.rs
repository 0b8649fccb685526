//! What issuers do to an existing link, shared by the admin UI and the tenant API: find it,
//! extend it, unlock it, and reach its current inquiry for a session token or access link.

use super::access_links::MintedAccessLink;
use crate::{
    db::now,
    domain::{Lifetime, LinkState, WebhookEventType},
    entities::{inquiries, links},
    error::AppError,
    idempotency::Commit,
    repo::{self, audit::AuditEntry, TenantScope},
    state::AppState,
    tenant_webhooks,
};

use super::rescue::{self, InquiryRescue};

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

/// How far an extension reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extension {
    /// This much longer than the link's expiry, or than now if that has passed (the UI).
    By(Lifetime),
    /// Until this long from now, never earlier than the link already expires (the API's
    /// `expires_in_seconds`, so that repeating the request changes nothing more).
    FromNow(Lifetime),
}

/// The API's `expires_in_seconds` for an extension, bounded like issuing: at least one
/// second, at most the policy's maximum link lifetime (under the operator's ceiling).
pub async fn extension_from_now(
    state: &AppState,
    scope: TenantScope,
    seconds: i64,
) -> Result<Extension, AppError> {
    let policy = repo::policies::get(&state.db.connection, scope).await?;
    let ceiling = policy.max_link_seconds.min(policy.ceiling_link_seconds);
    if !(1..=ceiling).contains(&seconds) {
        let longest = Lifetime::from_seconds(ceiling)
            .map(|l| l.to_string())
            .unwrap_or_default();
        return Err(AppError::Unprocessable(format!(
            "expires_in_seconds must be between 1 and {ceiling} ({longest}, your policy's maximum link lifetime)."
        )));
    }
    Lifetime::from_seconds(seconds)
        .map(Extension::FromNow)
        .map_err(AppError::Unprocessable)
}

/// An extended link, whether the policy's maximum lifetime cut the extension short, and
/// what happened to its inquiry ([`super::rescue`]).
pub struct Extended {
    pub link: links::Model,
    pub capped: bool,
    pub inquiry: InquiryRescue,
}

/// Extends a link, bounded by the policy's maximum lifetime from now, never shortening it.
/// An expired link becomes active again, and its inquiry is re-timed, resumed or reissued
/// per the resume policy ([`super::rescue`]); revoked and completed links stay final (409),
/// and so does a lapsed inquiry the policy refuses to resume (409, nothing changed).
pub async fn extend(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    link: &links::Model,
    extension: Extension,
) -> Result<Extended, AppError> {
    if matches!(link.state, LinkState::Revoked | LinkState::Completed) {
        return Err(AppError::Conflict(format!(
            "A {} link cannot be extended.",
            link.state
        )));
    }
    let plan = rescue::plan(state, scope, link).await?;
    let policy = repo::policies::get(&state.db.connection, scope).await?;
    let ceiling = policy.max_link_seconds.min(policy.ceiling_link_seconds);
    let at = now();
    let wanted = match extension {
        Extension::By(lifetime) => link.expires_at.max(at) + lifetime.seconds(),
        Extension::FromNow(lifetime) => (at + lifetime.seconds()).max(link.expires_at),
    };
    // The policy bounds how far ahead of now a link may reach, however often it is
    // extended; a link issued under a longer maximum keeps what it had.
    let bounded = wanted.min((at + ceiling).max(link.expires_at));
    let new_state = if link.state == LinkState::Expired {
        LinkState::Active
    } else {
        link.state
    };
    if bounded != link.expires_at || new_state != link.state {
        let write = state.db.begin_write().await?;
        repo::links::set_expiry(&*write, scope, link.id, bounded, new_state).await?;
        repo::audit::record(
            &*write,
            AuditEntry {
                tenant_id: Some(scope.tenant_id()),
                actor,
                action: "link.extended",
                subject: Some(&repo::audit::link_subject(&link.public_id)),
                details: Some(serde_json::json!({ "expires_at": bounded })),
            },
        )
        .await?;
        let kind = WebhookEventType::LinkExtended;
        tenant_webhooks::enqueue_for_link(&*write, scope, kind, link).await?;
        write.commit().await?;
        state.forget_link(link).await;
    }
    let extended = find(state, scope, &link.public_id).await?;
    let inquiry = rescue::apply(state, scope, actor, &extended, plan).await;
    let extended = find(state, scope, &link.public_id).await?;
    Ok(Extended {
        link: extended,
        capped: bounded < wanted,
        inquiry,
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
    let flow_url = super::session_tokens::handed_out_flow_url(
        state,
        &granted.inquiry_id,
        &granted.token,
        link.language,
    );
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
