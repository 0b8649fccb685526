//! Sending links by email: the link itself (at issue, or later with "send"), written to
//! the outbox in the transaction of the action that causes it.

use std::collections::BTreeMap;

use sea_orm::ConnectionTrait;

use crate::{
    domain::{Email, MessageKind, PrefillField},
    entities::links,
    error::AppError,
    idempotency::Commit,
    notifications::{
        self,
        compose::{compose, Facts},
        outbox::{self, Outgoing},
    },
    repo::{self, audit::AuditEntry, TenantScope},
    state::AppState,
};

/// A message to queue about a link.
pub struct LinkMessage<'a> {
    pub link: &'a links::Model,
    pub kind: MessageKind,
    pub to: &'a Email,
    pub url: &'a str,
    pub expires_at: i64,
    pub first_name: Option<&'a str>,
    pub dedupe_key: Option<String>,
}

/// Composes and queues `message` in `db`, and audits it on the link's trail (with the
/// masked address only). Returns the message's id; `None` when its dedupe key was queued
/// before.
pub async fn queue(
    state: &AppState,
    db: &impl ConnectionTrait,
    scope: TenantScope,
    actor: &str,
    message: LinkMessage<'_>,
) -> Result<Option<String>, AppError> {
    let brand = crate::accounts::branding::brand_in(state, db, scope.tenant_id()).await?;
    let logo_url = brand
        .logo_path
        .as_ref()
        .map(|path| format!("{}{path}", state.settings.public_url));
    let content = compose(&Facts {
        kind: message.kind,
        brand: &brand,
        logo_url: logo_url.as_deref(),
        // The person's browser is not known when the message is written: the link's
        // language, else English.
        language: message.link.language.unwrap_or_default(),
        first_name: message.first_name,
        url: message.url,
        expires_at: message.expires_at,
    });
    let queued = outbox::enqueue(
        state,
        db,
        scope,
        Outgoing {
            link_id: Some(message.link.id),
            kind: message.kind,
            dedupe_key: message.dedupe_key,
            to: message.to.clone(),
            content,
        },
    )
    .await?;
    if let Some(message_id) = &queued {
        repo::audit::record(
            db,
            AuditEntry {
                tenant_id: Some(scope.tenant_id()),
                actor,
                action: "message.queued",
                subject: Some(&repo::audit::link_subject(&message.link.public_id)),
                details: Some(serde_json::json!({
                    "message": message_id,
                    "kind": message.kind,
                    "to": notifications::mask_email(message.to.as_str()),
                })),
            },
        )
        .await?;
    }
    Ok(queued)
}

/// The link's prefill, decrypted (empty without one).
pub fn prefill_of(
    state: &AppState,
    link: &links::Model,
) -> Result<BTreeMap<String, String>, AppError> {
    match &link.prefill_encrypted {
        Some(encrypted) => {
            let json = state
                .cipher
                .decrypt(encrypted, &format!("link-prefill:{}", link.token_hash))
                .map_err(AppError::internal)?;
            serde_json::from_str(&json).map_err(AppError::internal)
        }
        None => Ok(BTreeMap::new()),
    }
}

/// The prefilled email address, if the link has one.
pub fn prefilled_email(prefill: &BTreeMap<String, String>) -> Option<Email> {
    prefill
        .get(PrefillField::EmailAddress.as_str())
        .and_then(|raw| Email::parse(raw).ok())
}

/// The prefilled first name, the only personal data a message carries.
pub fn first_name(prefill: &BTreeMap<String, String>) -> Option<&str> {
    prefill
        .get(PrefillField::NameFirst.as_str())
        .map(String::as_str)
}

/// What "send" queued.
pub struct SentLink {
    /// The message's id (`msg_…`).
    pub message_id: String,
    /// `a•••@example.com`
    pub to: String,
}

/// "Send by email" after issue (`POST /api/v1/links/{id}/send`, the link page): queues
/// the link to `to`, or to the prefilled address. `commit` (a request's idempotency
/// answer) is written in the same transaction, so a retry sends nothing twice.
pub async fn send_link(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    link: &links::Model,
    to: Option<Email>,
    commit: Option<&Commit<'_, SentLink>>,
) -> Result<SentLink, AppError> {
    if !link.state.is_open() {
        return Err(AppError::Conflict(format!(
            "The link is {}; there is nothing to send.",
            link.state
        )));
    }
    let prefill = prefill_of(state, link)?;
    let Some(to) = to.or_else(|| prefilled_email(&prefill)) else {
        return Err(AppError::Unprocessable(
            "The link has no prefilled email address; name one to send it to.".into(),
        ));
    };
    let url = super::link_url_of(state, link)?;
    let write = state.db.begin_write().await?;
    let message = LinkMessage {
        link,
        kind: MessageKind::Link,
        to: &to,
        url: &url,
        expires_at: link.expires_at,
        first_name: first_name(&prefill),
        dedupe_key: None,
    };
    let message_id = queue(state, &*write, scope, actor, message)
        .await?
        .unwrap_or_default();
    let sent = SentLink {
        message_id,
        to: notifications::mask_email(to.as_str()),
    };
    if let Some(commit) = commit {
        commit.write(state, &*write, &sent).await?;
    }
    write.commit().await?;
    Ok(sent)
}
