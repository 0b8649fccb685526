//! Notifications (DESIGN 13.3): messages to the people who verify, written to the outbox
//! in the same transaction as the action that causes them ([`outbox::enqueue`]), delivered
//! by the worker ([`worker`]) over SMTP ([`mailer`]), and readable in the outbox viewer
//! without SMTP. What each message says is in [`compose`].

pub mod compose;
pub mod mailer;
pub mod outbox;
pub mod worker;

use crate::{
    entities::{links, outbox_messages},
    repo::TenantScope,
    tenant_webhooks::{self, WebhookEvent, WebhookEventType},
};

/// `a•••@example.com`: an address as pages and lists show it (the first character of the
/// local part, the domain).
pub fn mask_email(email: &str) -> String {
    match email.rsplit_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}•••@{domain}")
        }
        None => "•••".into(),
    }
}

/// Announces to the tenant's webhooks (`access.recovered`) that a person asked for a new
/// link on a dead-end page and one was queued, in the transaction `db` that queued it.
pub async fn notify_recovered(
    db: &impl sea_orm::ConnectionTrait,
    scope: TenantScope,
    link: &links::Model,
) -> Result<(), crate::error::AppError> {
    tenant_webhooks::enqueue_for_link(db, scope, WebhookEventType::AccessRecovered, link).await
}

/// Announces to the tenant's webhooks (`message.failed`) that the mail server refused a
/// message for good, in the transaction `db` that marks it failed. The event names the
/// message and its link, never the address or the server's words (they may carry it).
pub async fn notify_message_failed(
    db: &impl sea_orm::ConnectionTrait,
    message: &outbox_messages::Model,
) -> Result<(), crate::error::AppError> {
    let scope = TenantScope::new(message.tenant_id);
    let link = match message.link_id {
        Some(id) => crate::repo::links::find_by_id(db, scope, id).await?,
        None => None,
    };
    let event = match &link {
        Some(link) => tenant_webhooks::link_event(WebhookEventType::MessageFailed, link, None),
        None => WebhookEvent::new(WebhookEventType::MessageFailed),
    }
    .detail("message_id", message.public_id.clone())
    .detail("message_kind", message.kind.to_string());
    tenant_webhooks::enqueue(db, scope, event).await
}
