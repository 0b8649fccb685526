//! A retry of an issue whose earlier attempt stored its link but never stored its answer:
//! a crash between the two in versions that stored the answer after the link's commit, or
//! a record lost some other way. The provider answers the retry with the same inquiry (the
//! same key); the link that holds that inquiry is answered again, and nothing is created.
//! (Today the answer commits with the link, so this path only meets such old attempts.)

use crate::{
    entities::{inquiries, links, template_connections},
    error::AppError,
    idempotency::Commit,
    provider::CreatedInquiry,
    repo::{self, audit::AuditEntry, TenantScope},
    state::AppState,
};

use super::issue::{access_code_hash, IssueRequest, IssuedLink};

/// The link and inquiry an earlier attempt stored for the provider's inquiry.
pub struct EarlierAttempt {
    link: links::Model,
    inquiry: inquiries::Model,
}

pub async fn earlier_attempt(
    state: &AppState,
    scope: TenantScope,
    created: &CreatedInquiry,
) -> Result<Option<EarlierAttempt>, AppError> {
    let db = &state.db.connection;
    let Some(inquiry) = repo::inquiries::find(db, scope, created.inquiry.id.as_str()).await? else {
        return Ok(None);
    };
    let link = match inquiry.link_id {
        Some(link_id) => repo::links::find_by_id(db, scope, link_id).await?,
        None => None,
    };
    Ok(link.map(|link| EarlierAttempt { link, inquiry }))
}

/// The stored session token of the inquiry, when the request asked for one.
fn stored_session_token(
    state: &AppState,
    request: &IssueRequest,
    inquiry: &inquiries::Model,
) -> Option<(String, i64)> {
    if !request.issue_session_token {
        return None;
    }
    let sealed = inquiry.session_token_encrypted.as_deref()?;
    let expires_at = inquiry.session_token_expires_at?;
    let context = format!("session-token:{}", inquiry.provider_inquiry_id);
    let token = state.cipher.decrypt(sealed, &context).ok()?;
    Some((token, expires_at))
}

/// Answers the earlier attempt's link again (stored as this request's answer). Its access
/// code was only ever in the lost answer, so it is replaced by one that this answer shows.
pub async fn answer_again(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    request: &IssueRequest,
    template: template_connections::Model,
    found: EarlierAttempt,
    commit: &Commit<'_, IssuedLink>,
) -> Result<IssuedLink, AppError> {
    let url = super::link_url_of(state, &found.link)?;
    let session_token = stored_session_token(state, request, &found.inquiry);
    let write = state.db.begin_write().await?;
    let access_code = match found.link.access_code_hash {
        Some(_) if request.access_code => {
            let code = super::issue::new_access_code();
            let hash = access_code_hash(&state.settings.data_key, &code);
            repo::access_codes::replace(&*write, scope, found.link.id, &hash).await?;
            repo::audit::record(
                &*write,
                AuditEntry {
                    tenant_id: Some(scope.tenant_id()),
                    actor,
                    action: "link.access_code_replaced",
                    subject: Some(&repo::audit::link_subject(&found.link.public_id)),
                    details: None,
                },
            )
            .await?;
            Some(code)
        }
        _ => None,
    };
    let issued = IssuedLink {
        link: found.link,
        template,
        url,
        inquiry: Some(found.inquiry),
        session_token,
        access_code,
    };
    commit.write(state, &*write, &issued).await?;
    write.commit().await?;
    state.forget_link(&issued.link).await;
    Ok(issued)
}
