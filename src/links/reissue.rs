//! Reissuing: a new inquiry on the template's latest version with the same prefill and
//! reference id; the link moves to it and both inquiries stay on record.

use std::collections::BTreeMap;

use crate::{
    entities::{inquiries, links},
    error::AppError,
    provider::{self, IdempotencyKey},
    repo::{self, audit::AuditEntry, TenantScope},
    state::AppState,
};

use super::provider_inquiry::{self, Recording};

pub async fn reissue(
    state: &AppState,
    scope: TenantScope,
    link: &links::Model,
    old: &inquiries::Model,
    actor: &str,
) -> Result<inquiries::Model, AppError> {
    let db = &state.db.connection;
    let template = repo::template_connections::find_by_id(db, scope, link.template_connection_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let fields: BTreeMap<String, String> = match &link.prefill_encrypted {
        Some(encrypted) => {
            let json = state
                .cipher
                .decrypt(encrypted, &format!("link-prefill:{}", link.token_hash))
                .map_err(AppError::internal)?;
            serde_json::from_str(&json).map_err(AppError::internal)?
        }
        None => BTreeMap::new(),
    };
    let mut create =
        provider_inquiry::create_request(state, &template, provider_inquiry::reference_of(link))?;
    create.fields = fields
        .into_iter()
        .map(|(k, v)| (k, serde_json::Value::String(v)))
        .collect();
    let remaining = u64::try_from((link.expires_at - crate::db::now()).max(3600)).unwrap_or(3600);
    create.expiration_after_create_interval_seconds = Some(remaining);
    create.expiration_after_start_interval_seconds = Some(remaining);
    create.expiration_after_resume_interval_seconds = Some(remaining);
    let key = IdempotencyKey::parse(&format!("reissue-{}", old.provider_inquiry_id))
        .unwrap_or_else(|_| IdempotencyKey::generate());
    let created = state.provider.create_inquiry(&create, &key).await?;
    let new_inquiry = created.inquiry;
    if let Some(existing) = repo::inquiries::find(db, scope, new_inquiry.id.as_str()).await? {
        // A replay of a reissue that already happened.
        return Ok(existing);
    }
    match record_reissue(state, scope, link, old, &new_inquiry, actor).await {
        Ok(inquiry) => {
            state.link_cache.invalidate(&link.token_hash).await;
            Ok(inquiry)
        }
        Err(error) => {
            // Another instance made the same reissue (the same idempotency key gave it
            // the same inquiry) and recorded it first.
            match repo::inquiries::find(db, scope, new_inquiry.id.as_str()).await? {
                Some(existing) => Ok(existing),
                None => Err(error),
            }
        }
    }
}

/// Records the new inquiry, moves the link to it and audits the move, in one transaction.
async fn record_reissue(
    state: &AppState,
    scope: TenantScope,
    link: &links::Model,
    old: &inquiries::Model,
    new_inquiry: &provider::Inquiry,
    actor: &str,
) -> Result<inquiries::Model, AppError> {
    let write = state.db.begin_write().await?;
    let recording = Recording {
        link,
        // The connection's stored version may be the very one this moves away from.
        fallback_version_id: None,
        session_token: None,
    };
    let inquiry =
        provider_inquiry::record_inquiry(state, &*write, scope, new_inquiry, recording).await?;
    repo::links::set_current_inquiry(&*write, link.id, inquiry.id).await?;
    repo::audit::record(
        &*write,
        AuditEntry {
            tenant_id: Some(scope.tenant_id()),
            actor,
            action: "link.reissued",
            subject: Some(&repo::audit::link_subject(&link.public_id)),
            details: Some(serde_json::json!({
                "from": old.provider_inquiry_id,
                "to": inquiry.provider_inquiry_id,
            })),
        },
    )
    .await?;
    write.commit().await?;
    state.forget_link(link).await;
    Ok(inquiry)
}

/// At most this many links move per request: each is an inquiry creation at the
/// provider (150 a minute by default), and the issuer waits for the answer.
pub const STALE_BATCH: u64 = 100;

/// What a bulk reissue did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StaleOutcome {
    pub moved: usize,
    pub failed: usize,
    /// More stale links than one batch: the issuer may run it again.
    pub more: bool,
}

/// Reissues every open dedicated link of the tenant whose current inquiry is pinned to a
/// superseded template version (the dashboard's stale-version panel), one link at a time
/// through [`reissue`]. The connections' latest versions are asked of the provider first,
/// so a version published since the last click counts too.
pub async fn reissue_stale(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
) -> Result<StaleOutcome, AppError> {
    let db = &state.db.connection;
    for connection in repo::template_connections::list(db, scope).await? {
        // Without an answer the stored version stands; the provider may be down.
        if let Err(error) = super::resume_policy::latest_version(state, scope, connection.id).await
        {
            log::warn!(
                "could not refresh template {}: {error}",
                connection.public_id
            );
        }
    }
    let stale = repo::stats::links_on_stale_versions(db, scope, STALE_BATCH + 1).await?;
    let mut outcome = StaleOutcome {
        more: stale.len() as u64 > STALE_BATCH,
        ..StaleOutcome::default()
    };
    for row in stale.iter().take(STALE_BATCH as usize) {
        let Some(link) = repo::links::find(db, scope, &row.public_id).await? else {
            continue;
        };
        let inquiry = match link.current_inquiry_id {
            Some(id) => repo::inquiries::find_by_id(db, scope, id).await?,
            None => None,
        };
        let Some(inquiry) = inquiry else { continue };
        // One move at a time per inquiry, whether a click or this asks for it.
        let lock = state.resume_locks.lock_for(inquiry.id);
        let _guard = lock.lock().await;
        let link = match repo::links::find(db, scope, &row.public_id).await? {
            Some(link) if link.current_inquiry_id == Some(inquiry.id) => link,
            // A click moved it meanwhile.
            _ => continue,
        };
        match reissue(state, scope, &link, &inquiry, actor).await {
            Ok(_) => outcome.moved += 1,
            Err(error) => {
                log::warn!("could not reissue link {}: {error}", link.public_id);
                outcome.failed += 1;
                if matches!(
                    error,
                    AppError::TooManyRequests { .. }
                        | AppError::ProviderBusy { .. }
                        | AppError::ServiceUnavailable(_)
                ) {
                    // The provider needs a break; the rest can move on the next run.
                    outcome.more = true;
                    break;
                }
            }
        }
    }
    Ok(outcome)
}
