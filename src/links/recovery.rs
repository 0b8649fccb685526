//! Self-service recovery (DESIGN 13.3): on a dead end of a dedicated link ("continue on
//! the device where you started", the access-code form, expired, resume refused) the
//! person presses "Email me a new link" (`POST /l/{token}/recover`). The portal mints a
//! one-time access link and emails it to the address on file (the one the link was sent
//! to, else the prefilled one), at most [`RECOVERIES_PER_HOUR`] per link per hour. Using
//! the access link binds the browser that uses it. An expired link is extended first when
//! the tenant's `self_service_extension_seconds` allows it.

use actix_web::http::StatusCode;

use crate::{
    db::now,
    domain::{Email, LinkKind, LinkState, LinkToken, MessageKind},
    entities::links,
    error::AppError,
    notifications::{self, outbox},
    repo::{self, audit::AuditEntry, TenantScope},
    state::AppState,
    views::end_user,
};

use super::{
    access_links, actions,
    mail::{self, LinkMessage},
    outcome::{self, Outcome},
};

/// New links one link may have emailed per hour.
pub const RECOVERIES_PER_HOUR: i32 = 3;

/// The address on file: the latest one the link was emailed to, else the prefilled one.
pub async fn address_on_file(
    state: &AppState,
    scope: TenantScope,
    link: &links::Model,
) -> Result<Option<Email>, AppError> {
    if let Some(latest) = outbox::for_link(state, scope, link.id)
        .await?
        .into_iter()
        .next()
    {
        let opened = outbox::open(state, latest)?;
        if let Ok(email) = Email::parse(&opened.to) {
            return Ok(Some(email));
        }
    }
    Ok(mail::prefilled_email(&mail::prefill_of(state, link)?))
}

/// `POST /l/{token}/recover`.
pub async fn recover(state: &AppState, token: &LinkToken) -> Result<Outcome, AppError> {
    let db = &state.db.connection;
    let Some(link) = repo::links::find_by_token_hash(db, &token.hash()).await? else {
        return Ok(outcome::unknown_link());
    };
    if link.kind == LinkKind::Static {
        return Ok(outcome::unknown_link());
    }
    recover_link(state, link.clone())
        .await
        .map(|outcome| outcome.of_link(&link))
}

/// [`recover`] for a dedicated link: every answer is about this link.
async fn recover_link(state: &AppState, link: links::Model) -> Result<Outcome, AppError> {
    if matches!(
        link.state,
        LinkState::Revoked | LinkState::Completed | LinkState::Paused
    ) {
        return Ok(
            outcome::link_state_page(&link, now(), None).unwrap_or_else(outcome::unknown_link)
        );
    }
    let scope = TenantScope::new(link.tenant_id);
    let Some(to) = address_on_file(state, scope, &link).await? else {
        return Ok(Outcome::page(
            StatusCode::OK,
            end_user::recovery_without_address(),
        ));
    };
    if let Some(refusal) = over_limit(state, scope, &link).await? {
        return Ok(refusal);
    }
    let (link, extended) = if link.state == LinkState::Expired || link.expires_at <= now() {
        match extend(state, scope, &link).await? {
            Some(link) => (link, true),
            None => {
                return Ok(Outcome::page(
                    StatusCode::GONE,
                    end_user::recovery_expired(),
                ))
            }
        }
    } else {
        (link, false)
    };
    send(state, scope, &link, &to, extended).await
}

/// The hourly limit, answered with a 429 page and `Retry-After`.
async fn over_limit(
    state: &AppState,
    scope: TenantScope,
    link: &links::Model,
) -> Result<Option<Outcome>, AppError> {
    let at = now();
    let times = repo::outbox::queued_for_link_since(
        &state.db.connection,
        scope,
        link.id,
        MessageKind::Recovery,
        at - super::LIMIT_WINDOW_SECONDS,
    )
    .await?;
    Ok(
        super::retry_after(&times, RECOVERIES_PER_HOUR, at).map(|seconds| {
            Outcome::retry(
                StatusCode::TOO_MANY_REQUESTS,
                end_user::too_many_recoveries(),
                seconds,
            )
        }),
    )
}

/// Extends an expired link by the tenant's `self_service_extension_seconds` (bounded by
/// the link ceiling); `None` when the policy does not allow it or the extension is refused.
async fn extend(
    state: &AppState,
    scope: TenantScope,
    link: &links::Model,
) -> Result<Option<links::Model>, AppError> {
    let policy = repo::policies::get(&state.db.connection, scope).await?;
    let ceiling = policy.max_link_seconds.min(policy.ceiling_link_seconds);
    let seconds = policy.self_service_extension_seconds.min(ceiling);
    if seconds <= 0 {
        return Ok(None);
    }
    let extension = actions::extension_from_now(state, scope, seconds).await?;
    match actions::extend(state, scope, "end_user:recovery", link, extension).await {
        Ok(extended) => Ok(Some(extended.link)),
        Err(AppError::Conflict(_)) => Ok(None),
        Err(error) => Err(error),
    }
}

/// Mints the access link and queues its message in one transaction, which holds the
/// link's row lock (concurrent presses cannot slip past the limit).
async fn send(
    state: &AppState,
    scope: TenantScope,
    link: &links::Model,
    to: &Email,
    extended: bool,
) -> Result<Outcome, AppError> {
    let db = &state.db.connection;
    let inquiry = match link.current_inquiry_id {
        Some(id) => repo::inquiries::find_by_id(db, scope, id).await?,
        None => None,
    };
    let Some(inquiry) = inquiry else {
        return Ok(outcome::unknown_link());
    };
    if inquiry.status.is_terminal() {
        return Ok(Outcome::page(StatusCode::OK, end_user::completed()));
    }
    let policy = repo::policies::get(db, scope).await?;
    let write = state.db.begin_write().await?;
    repo::links::lock_row(&*write, link.id).await?;
    let at = now();
    let times = repo::outbox::queued_for_link_since(
        &*write,
        scope,
        link.id,
        MessageKind::Recovery,
        at - super::LIMIT_WINDOW_SECONDS,
    )
    .await?;
    if let Some(seconds) = super::retry_after(&times, RECOVERIES_PER_HOUR, at) {
        return Ok(Outcome::retry(
            StatusCode::TOO_MANY_REQUESTS,
            end_user::too_many_recoveries(),
            seconds,
        ));
    }
    let actor = "end_user:recovery";
    let minted =
        access_links::mint_in(state, &*write, scope, (link, &inquiry), actor, &policy).await?;
    let prefill = mail::prefill_of(state, link)?;
    let message = LinkMessage {
        link,
        kind: MessageKind::Recovery,
        to,
        url: &minted.url,
        expires_at: minted.expires_at,
        first_name: mail::first_name(&prefill),
        dedupe_key: None,
    };
    mail::queue(state, &*write, scope, actor, message).await?;
    let masked = notifications::mask_email(to.as_str());
    repo::audit::record(
        &*write,
        AuditEntry {
            tenant_id: Some(scope.tenant_id()),
            actor: "end_user",
            action: "access.recovered",
            subject: Some(&repo::audit::link_subject(&link.public_id)),
            details: Some(serde_json::json!({ "to": masked, "extended": extended })),
        },
    )
    .await?;
    notifications::notify_recovered(&*write, scope, link).await?;
    write.commit().await?;
    Ok(Outcome::page(
        StatusCode::OK,
        end_user::recovery_sent(&masked),
    ))
}
