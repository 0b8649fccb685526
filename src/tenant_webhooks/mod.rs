//! Tenant webhooks (DESIGN 13.4): signed events about the portal's own state changes,
//! delivered to the tenants' backends from an outbox, retried for about three days,
//! logged and replayable.
//!
//! Not to be confused with `crate::webhooks`, which receives the provider's webhooks.
//!
//! - [`enqueue`] writes an event in the caller's transaction (the outbox);
//! - [`worker::run_once`] delivers what is due (the job in `jobs` calls it);
//! - [`endpoints`] and [`deliveries`] are what the UI and the API manage.

pub mod address;
pub mod deliveries;
pub mod endpoints;
pub mod signing;
pub mod worker;

use sea_orm::ConnectionTrait;

pub use crate::domain::{WebhookEvent, WebhookEventType};
use crate::{error::AppError, repo::TenantScope};

/// Writes `event` to the outbox of every enabled endpoint of the tenant that subscribes
/// to it, through `txn`: call it inside the transaction of the state change it announces,
/// so the event exists exactly when the change committed.
///
/// ```ignore
/// tenant_webhooks::enqueue(&*write, scope,
///     WebhookEvent::new(WebhookEventType::AccessRecovered).link(&link.public_id)).await?;
/// ```
pub async fn enqueue(
    txn: &impl ConnectionTrait,
    scope: TenantScope,
    event: WebhookEvent,
) -> Result<(), AppError> {
    crate::repo::webhook_outbox::enqueue(txn, scope, &event).await?;
    Ok(())
}

/// An event about `link` (and the inquiry it concerns, by the provider's id): its public
/// id, the inquiry id and the tenant's reference id, nothing else.
pub fn link_event(
    kind: WebhookEventType,
    link: &crate::entities::links::Model,
    inquiry_id: Option<&str>,
) -> WebhookEvent {
    let event = WebhookEvent::new(kind)
        .link(&link.public_id)
        .reference(link.reference_id.as_deref());
    match inquiry_id {
        Some(inquiry) => event.inquiry(inquiry),
        None => event,
    }
}

/// [`link_event`] for the link's current inquiry (looked up in `txn`), if it has one.
pub async fn enqueue_for_link(
    txn: &impl ConnectionTrait,
    scope: TenantScope,
    kind: WebhookEventType,
    link: &crate::entities::links::Model,
) -> Result<(), AppError> {
    let inquiry = match link.current_inquiry_id {
        Some(id) => crate::repo::inquiries::find_by_id(txn, scope, id).await?,
        None => None,
    };
    let inquiry_id = inquiry.as_ref().map(|i| i.provider_inquiry_id.as_str());
    enqueue(txn, scope, link_event(kind, link, inquiry_id)).await
}
