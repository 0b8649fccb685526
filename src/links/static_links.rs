//! Static links: every new visitor gets an inquiry of their own, created server side
//! under the link's reference id; a returning browser gets its in-progress inquiry back.

use actix_web::http::StatusCode;

use crate::{
    crypto::sha256_hex,
    db::now,
    domain::{ReferenceId, TemplateId},
    entities::links,
    error::AppError,
    provider::{CreateInquiry, IdempotencyKey, TemplateRef},
    repo::{self, audit::AuditEntry, inquiries::NewInquiry, TenantScope},
    state::AppState,
    views::end_user,
};

use super::{
    click::{continue_inquiry, Outcome},
    session_tokens,
};

pub async fn visit(
    state: &AppState,
    scope: TenantScope,
    link: &links::Model,
    browser_hash: &str,
) -> Result<Outcome, AppError> {
    let db = &state.db.connection;
    if link.active_from.is_some_and(|from| from > now()) {
        return Ok(Outcome::Page(
            StatusCode::CONFLICT,
            end_user::not_yet_open(),
        ));
    }
    let returning = repo::links::find_browser(db, link.id, browser_hash).await?;
    let previous = match returning.as_ref().and_then(|b| b.inquiry_id) {
        Some(id) => repo::inquiries::find_by_id(db, scope, id).await?,
        None => None,
    };
    if let Some(previous) = previous.as_ref().filter(|_| !link.always_new) {
        if matches!(previous.status.as_str(), "created" | "pending") {
            return continue_inquiry(state, scope, link, previous).await;
        }
        if session_tokens::is_terminal(&previous.status) {
            return Ok(Outcome::Page(
                StatusCode::OK,
                end_user::outcome(Some(&previous.status)),
            ));
        }
    }
    if !repo::links::take_inquiry_slot(db, link).await? {
        return Ok(Outcome::Page(StatusCode::CONFLICT, end_user::capped()));
    }
    // The same browser, link and previous inquiry give the same key: a double click
    // creates one inquiry at the provider, not two.
    let key_material = format!(
        "{}:{browser_hash}:{}",
        link.public_id,
        previous.as_ref().map_or(0, |p| p.id)
    );
    let key = IdempotencyKey::parse(&format!("visit-{}", &sha256_hex(&key_material)[..40]))
        .unwrap_or_else(|_| IdempotencyKey::generate());
    let template = repo::template_connections::find_by_id(db, scope, link.template_connection_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut create = CreateInquiry::new(TemplateRef::Template(
        TemplateId::parse(&template.provider_template_id)
            .map_err(|e| AppError::internal(anyhow::anyhow!(e)))?,
    ));
    create.reference_id = link
        .reference_id
        .as_deref()
        .and_then(|reference| ReferenceId::parse(reference).ok());
    create.redirect_uri = Some(format!("{}/done", state.settings.public_url));
    let created = match state.provider.create_inquiry(&create, &key).await {
        Ok(created) => created,
        Err(error) => {
            repo::links::release_inquiry_slot(db, link.id).await?;
            return Err(error.into());
        }
    };
    let provider_inquiry = created.inquiry;
    let existing = repo::inquiries::find(db, scope, provider_inquiry.id.as_str()).await?;
    let inquiry = match existing {
        // A replayed create (double click): the inquiry is already recorded.
        Some(inquiry) => {
            repo::links::release_inquiry_slot(db, link.id).await?;
            inquiry
        }
        None => {
            let write = state.db.begin_write().await?;
            let inquiry = repo::inquiries::insert(
                &*write,
                scope,
                NewInquiry {
                    link_id: Some(link.id),
                    provider_inquiry_id: provider_inquiry.id.as_str(),
                    reference_id: link.reference_id.as_deref(),
                    template_version_id: provider_inquiry
                        .template_version_id
                        .as_ref()
                        .map(|v| v.as_str())
                        .or(template.current_version_id.as_deref()),
                    status: provider_inquiry.status.as_str(),
                    expires_at: provider_inquiry.expires_at.map(|at| at.timestamp()),
                    session_token_encrypted: None,
                    session_token_expires_at: None,
                },
            )
            .await?;
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
            write.commit().await?;
            inquiry
        }
    };
    Ok(Outcome::Redirect(session_tokens::hosted_flow_url(
        state,
        &inquiry.provider_inquiry_id,
        None,
    )))
}
