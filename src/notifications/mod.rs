//! Notifications (DESIGN 13.3): messages to the people who verify, written to the outbox
//! in the same transaction as the action that causes them ([`outbox::enqueue`]), delivered
//! by the worker ([`worker`]) over SMTP ([`mailer`]), and readable in the outbox viewer
//! without SMTP. What each message says is in [`compose`].

pub mod compose;
pub mod mailer;
pub mod outbox;
pub mod worker;

use crate::{entities::outbox_messages, repo::TenantScope};

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

/// THE call site for the tenant webhook `access.recovered`: a person asked for a new link
/// on a dead-end page and one was queued. The tenant-webhooks work wires its event here
/// (in the transaction that queued the message, `db`).
pub async fn notify_recovered(
    _db: &impl sea_orm::ConnectionTrait,
    scope: TenantScope,
    link_public_id: &str,
) -> Result<(), crate::error::AppError> {
    log::debug!(
        "access.recovered for a link of tenant {}: {link_public_id}",
        scope.tenant_id()
    );
    Ok(())
}

/// THE call site for the tenant webhook `message.failed`: the SMTP server refused a
/// message for good (or the worker gave up). The tenant-webhooks work wires its event here.
pub async fn notify_message_failed(
    _db: &impl sea_orm::ConnectionTrait,
    message: &outbox_messages::Model,
    reason: &str,
) -> Result<(), crate::error::AppError> {
    log::info!(
        "message {} of tenant {} failed: {reason}",
        message.public_id,
        message.tenant_id
    );
    Ok(())
}
