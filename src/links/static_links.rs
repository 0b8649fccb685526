//! Static links: every new visitor gets an inquiry of their own, created server side
//! under the link's reference id; a returning browser gets its in-progress inquiry back.

use std::net::IpAddr;

use actix_web::http::StatusCode;

use crate::{
    crypto::sha256_hex,
    db::now,
    domain::WebhookEventType,
    entities::{inquiries, links, template_connections},
    error::AppError,
    provider::{self, IdempotencyKey},
    repo::{self, audit::AuditEntry, TenantScope},
    state::AppState,
    tenant_webhooks,
    views::end_user,
};

use super::{
    continuation,
    outcome::Outcome,
    provider_inquiry::{self, Recording},
    session_tokens, static_throttle,
};

/// Who is visiting a static link, found without changing anything.
pub enum Visitor {
    /// The answer is already known: the link is not open yet, or this browser's
    /// inquiry is finished.
    Answered(Outcome),
    /// A browser coming back to its own inquiry in progress.
    Returning(inquiries::Model),
    /// A visitor due a new inquiry; this browser's previous one on the link, if any.
    New(Option<inquiries::Model>),
}

/// Recognises the visitor by their browser. Only reads: a GET or HEAD (a mail scanner's
/// too) may ask it.
pub async fn recognise(
    state: &AppState,
    scope: TenantScope,
    link: &links::Model,
    browser_hash: &str,
) -> Result<Visitor, AppError> {
    let db = &state.db.connection;
    if link.active_from.is_some_and(|from| from > now()) {
        return Ok(Visitor::Answered(Outcome::page(
            StatusCode::CONFLICT,
            end_user::not_yet_open(),
        )));
    }
    let returning = repo::links::find_browser(db, link.id, browser_hash).await?;
    let previous = match returning.as_ref().and_then(|b| b.inquiry_id) {
        Some(id) => repo::inquiries::find_by_id(db, scope, id).await?,
        None => None,
    };
    if let Some(previous) = previous.as_ref().filter(|_| !link.always_new) {
        if previous.status.is_in_progress() {
            return Ok(Visitor::Returning(previous.clone()));
        }
        if let Some(page) = continuation::finished_page(previous) {
            return Ok(Visitor::Answered(page));
        }
    }
    Ok(Visitor::New(previous))
}

/// The visit proper, after the person pressed Continue: back into their own inquiry, or
/// (within the per-address throttle and the link's cap) a new one for the browser
/// `browser_hash` visiting from `address`.
pub async fn visit(
    state: &AppState,
    scope: TenantScope,
    link: &links::Model,
    browser_hash: &str,
    address: IpAddr,
) -> Result<Outcome, AppError> {
    let db = &state.db.connection;
    let previous = match recognise(state, scope, link, browser_hash).await? {
        Visitor::Answered(page) => return Ok(page),
        Visitor::Returning(inquiry) => {
            return continuation::continue_inquiry(state, scope, link, &inquiry).await
        }
        Visitor::New(previous) => previous,
    };
    // Only a new inquiry counts against the address, and it is counted before it exists.
    let counted = match static_throttle::count_new_inquiry(state, scope, address).await? {
        Ok(counted) => counted,
        Err(retry_after) => {
            return Ok(Outcome::retry(
                StatusCode::TOO_MANY_REQUESTS,
                end_user::too_many_new_visits(),
                retry_after,
            ))
        }
    };
    if !repo::links::take_inquiry_slot(db, link).await? {
        static_throttle::give_back(state, counted).await;
        return Ok(Outcome::page(StatusCode::CONFLICT, end_user::capped()));
    }
    let key = visit_key(link, browser_hash, previous.as_ref());
    let (created, template) = match create_at_provider(state, scope, link, &key).await {
        Ok(created) => created,
        Err(error) => {
            repo::links::release_inquiry_slot(db, link.id).await?;
            static_throttle::give_back(state, counted).await;
            return Err(error);
        }
    };
    let inquiry = match repo::inquiries::find(db, scope, created.id.as_str()).await? {
        // A replayed create (double click): the inquiry is already recorded.
        Some(inquiry) => {
            repo::links::release_inquiry_slot(db, link.id).await?;
            static_throttle::give_back(state, counted).await;
            inquiry
        }
        None => record_visit(state, scope, link, browser_hash, &created, &template).await?,
    };
    Ok(Outcome::flow(session_tokens::hosted_flow_url(
        state,
        &inquiry.provider_inquiry_id,
        None,
    )))
}

/// The same browser, link and previous inquiry give the same key: a double click creates
/// one inquiry at the provider, not two.
fn visit_key(
    link: &links::Model,
    browser_hash: &str,
    previous: Option<&inquiries::Model>,
) -> IdempotencyKey {
    let key_material = format!(
        "{}:{browser_hash}:{}",
        link.public_id,
        previous.map_or(0, |p| p.id)
    );
    IdempotencyKey::parse(&format!("visit-{}", &sha256_hex(&key_material)[..40]))
        .unwrap_or_else(|_| IdempotencyKey::generate())
}

/// A new inquiry for this visitor at the provider, and the template it was made on.
async fn create_at_provider(
    state: &AppState,
    scope: TenantScope,
    link: &links::Model,
    key: &IdempotencyKey,
) -> Result<(provider::Inquiry, template_connections::Model), AppError> {
    let template = repo::template_connections::find_by_id(
        &state.db.connection,
        scope,
        link.template_connection_id,
    )
    .await?
    .ok_or(AppError::NotFound)?;
    let create =
        provider_inquiry::create_request(state, &template, provider_inquiry::reference_of(link))?;
    let created = state.provider.create_inquiry(&create, key).await?;
    Ok((created.inquiry, template))
}

/// Records the visitor's new inquiry, binds their browser to it and audits it, in one
/// transaction.
async fn record_visit(
    state: &AppState,
    scope: TenantScope,
    link: &links::Model,
    browser_hash: &str,
    created: &provider::Inquiry,
    template: &template_connections::Model,
) -> Result<inquiries::Model, AppError> {
    let write = state.db.begin_write().await?;
    let recording = Recording {
        link,
        fallback_version_id: template.current_version_id.as_deref(),
        session_token: None,
    };
    let inquiry =
        provider_inquiry::record_inquiry(state, &*write, scope, created, recording).await?;
    repo::links::bind_browser(&*write, link.id, browser_hash, Some(inquiry.id)).await?;
    repo::audit::record(
        &*write,
        AuditEntry {
            tenant_id: Some(scope.tenant_id()),
            actor: "end_user",
            action: "inquiry.created",
            subject: Some(&repo::audit::link_subject(&link.public_id)),
            details: Some(serde_json::json!({ "inquiry": inquiry.provider_inquiry_id })),
        },
    )
    .await?;
    let event = tenant_webhooks::link_event(
        WebhookEventType::LinkOpened,
        link,
        Some(&inquiry.provider_inquiry_id),
    );
    tenant_webhooks::enqueue(&*write, scope, event).await?;
    write.commit().await?;
    Ok(inquiry)
}
