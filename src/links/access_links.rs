//! One-time access links `/a/{code}`: the safe form of "a link with the session token in
//! it". Minted on demand for an inquiry, single use, short lived. Opening it shows the
//! Continue page; pressing Continue spends it, binds the browser to the inquiry's link and
//! goes into the flow; opening it again afterwards gets 410.

use actix_web::http::StatusCode;

use crate::{
    db::now,
    domain::{Email, LinkToken, MessageKind},
    entities::{inquiries, links},
    error::AppError,
    idempotency::Commit,
    repo::{self, audit::AuditEntry, TenantScope},
    state::AppState,
    views::end_user::{self, AfterContinue},
};

use super::{
    continuation,
    first_contact::{self, Step},
    outcome::{self, Outcome},
};

pub struct MintedAccessLink {
    pub url: String,
    pub expires_at: i64,
}

/// Mints an access link; `commit` (a request's idempotency answer) is written in the same
/// transaction, so a retry of that request finds this access link and mints no second one.
pub async fn mint(
    state: &AppState,
    scope: TenantScope,
    inquiry: &inquiries::Model,
    actor: &str,
    commit: Option<&Commit<'_, MintedAccessLink>>,
) -> Result<MintedAccessLink, AppError> {
    mint_and_send(state, scope, (inquiry, None), actor, commit).await
}

/// [`mint`], and with an address, the access link is emailed to it: the message is
/// queued in the access link's own transaction.
pub async fn mint_and_send(
    state: &AppState,
    scope: TenantScope,
    (inquiry, send_to): (&inquiries::Model, Option<&Email>),
    actor: &str,
    commit: Option<&Commit<'_, MintedAccessLink>>,
) -> Result<MintedAccessLink, AppError> {
    if inquiry.status.is_terminal() {
        return Err(AppError::Conflict(format!(
            "The inquiry is {}; there is nothing left to continue.",
            inquiry.status
        )));
    }
    let db = &state.db.connection;
    let link = match inquiry.link_id {
        Some(link_id) => repo::links::find_by_id(db, scope, link_id).await?,
        None => None,
    };
    let Some(link) = link else {
        return Err(AppError::Conflict(
            "Access links need an inquiry issued through a portal link.".into(),
        ));
    };
    let policy = repo::policies::get(db, scope).await?;
    // Counting and minting in one transaction that holds the link's row lock: concurrent
    // requests (on any instance) cannot all slip under the limit.
    let write = state.db.begin_write().await?;
    repo::links::lock_row(&*write, link.id).await?;
    let at = now();
    let minted = repo::access_links::minted_since(
        &*write,
        scope,
        inquiry.id,
        at - super::LIMIT_WINDOW_SECONDS,
    )
    .await?;
    if let Some(retry_after_seconds) =
        super::retry_after(&minted, policy.access_links_per_inquiry_per_hour, at)
    {
        return Err(AppError::TooManyRequests {
            retry_after_seconds,
        });
    }
    let minted = mint_in(state, &*write, scope, (&link, inquiry), actor, &policy).await?;
    if let Some(to) = send_to {
        let prefill = super::mail::prefill_of(state, &link)?;
        let message = super::mail::LinkMessage {
            link: &link,
            kind: MessageKind::AccessLink,
            to,
            url: &minted.url,
            expires_at: minted.expires_at,
            first_name: super::mail::first_name(&prefill),
            dedupe_key: None,
        };
        super::mail::queue(state, &*write, scope, actor, message).await?;
    }
    if let Some(commit) = commit {
        commit.write(state, &*write, &minted).await?;
    }
    write.commit().await?;
    Ok(minted)
}

/// Writes a new access link for the link's inquiry in `db` (the caller's transaction,
/// which has checked its own limits), audited on the link's trail.
pub async fn mint_in(
    state: &AppState,
    db: &impl sea_orm::ConnectionTrait,
    scope: TenantScope,
    (link, inquiry): (&links::Model, &inquiries::Model),
    actor: &str,
    policy: &crate::entities::tenant_policies::Model,
) -> Result<MintedAccessLink, AppError> {
    let code = LinkToken::generate();
    let expires_at = now() + policy.access_link_seconds;
    repo::access_links::insert(db, scope, inquiry.id, &code.hash(), expires_at, actor).await?;
    repo::audit::record(
        db,
        AuditEntry {
            tenant_id: Some(scope.tenant_id()),
            actor,
            action: "access_link.minted",
            // On the link's trail: the access link binds a browser to that link.
            subject: Some(&repo::audit::link_subject(&link.public_id)),
            details: Some(serde_json::json!({ "inquiry": inquiry.provider_inquiry_id })),
        },
    )
    .await?;
    Ok(MintedAccessLink {
        url: format!("{}/a/{}", state.settings.public_url, code.expose()),
        expires_at,
    })
}

/// A request on `/a/{code}`. Before the Continue POST (GET, HEAD: a link preview, a mail
/// scanner) the access link is only looked at: an unused one answers the Continue page.
pub async fn follow(
    state: &AppState,
    code: &LinkToken,
    browser_hash: &str,
    step: Step,
) -> Result<Outcome, AppError> {
    let db = &state.db.connection;
    let Some(access) = repo::access_links::find_by_code_hash(db, &code.hash()).await? else {
        return Ok(Outcome::page(
            StatusCode::NOT_FOUND,
            end_user::unknown_link(),
        ));
    };
    let tenant = access.tenant_id;
    if access.used_at.is_some() {
        return Ok(Outcome::page(StatusCode::GONE, end_user::access_link_used()).of_tenant(tenant));
    }
    if access.expires_at <= now() {
        return Ok(Outcome::page(StatusCode::GONE, end_user::expired_link(None)).of_tenant(tenant));
    }
    let scope = TenantScope::new(tenant);
    let inquiry = repo::inquiries::find_by_id(db, scope, access.inquiry_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let Some(link_id) = inquiry.link_id else {
        return Ok(Outcome::page(
            StatusCode::NOT_FOUND,
            end_user::unknown_link(),
        ));
    };
    let link = repo::links::find_by_id(db, scope, link_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let outcome = if let Some(page) = outcome::link_state_page(&link, now(), None) {
        page
    } else if let Some(page) = continuation::finished_page(&inquiry) {
        page
    } else if step != Step::Continue {
        first_contact::continue_page(
            &link,
            &first_contact::access_link_action(code),
            AfterContinue::OneTimeLink,
        )
    } else {
        use_up(state, access.id, &link, &inquiry, browser_hash).await?
    };
    Ok(outcome.of_link(&link))
}

/// Spends the access link (only the first of concurrent presses wins), binds this
/// browser to the inquiry's link and goes into the flow.
async fn use_up(
    state: &AppState,
    access_id: i32,
    link: &links::Model,
    inquiry: &inquiries::Model,
    browser_hash: &str,
) -> Result<Outcome, AppError> {
    let db = &state.db.connection;
    let scope = TenantScope::new(link.tenant_id);
    if !repo::access_links::mark_used(db, access_id).await? {
        return Ok(Outcome::page(
            StatusCode::GONE,
            end_user::access_link_used(),
        ));
    }
    repo::links::bind_browser(db, link.id, browser_hash, Some(inquiry.id)).await?;
    state.forget_link(link).await;
    repo::audit::record(
        db,
        AuditEntry {
            tenant_id: Some(scope.tenant_id()),
            actor: "end_user",
            action: "access_link.used",
            subject: Some(&repo::audit::link_subject(&link.public_id)),
            details: None,
        },
    )
    .await?;
    // An access link is issued for exactly this purpose: it continues even a "never" link.
    match continuation::open_unstarted(state, inquiry) {
        Some(open) => Ok(open),
        None => continuation::open_with_token(state, scope, inquiry).await,
    }
}
