//! Session tokens on demand: the stored token while it stays valid long enough, else one
//! provider resume. Concurrent requests for one inquiry wait for a single resume.

use crate::{
    db::now,
    domain::{InquiryId, InquiryStatus, Language},
    entities::inquiries,
    error::AppError,
    provider::IdempotencyKey,
    repo::{self, audit::AuditEntry, TenantScope},
    state::AppState,
};

use super::{
    reissue,
    resume_policy::{self, Decision},
};

/// A session token, the inquiry it opens (a reissue moves to a new one) and its expiry.
pub struct GrantedToken {
    pub inquiry_id: String,
    pub token: String,
    pub expires_at: i64,
    pub resumed: bool,
}

fn stored_token(
    state: &AppState,
    inquiry: &inquiries::Model,
    min_remaining: i64,
) -> Option<GrantedToken> {
    let expires_at = inquiry.session_token_expires_at?;
    if expires_at - now() < min_remaining || inquiry.status == InquiryStatus::Expired {
        return None;
    }
    let encrypted = inquiry.session_token_encrypted.as_deref()?;
    let token = state
        .cipher
        .decrypt(
            encrypted,
            &format!("session-token:{}", inquiry.provider_inquiry_id),
        )
        .ok()?;
    Some(GrantedToken {
        inquiry_id: inquiry.provider_inquiry_id.clone(),
        token,
        expires_at,
        resumed: false,
    })
}

/// A token valid for at least `min_remaining` seconds, resuming only when needed.
pub async fn session_token_for(
    state: &AppState,
    scope: TenantScope,
    inquiry: &inquiries::Model,
    min_remaining: i64,
    actor: &str,
) -> Result<GrantedToken, AppError> {
    if inquiry.status.is_terminal() {
        return Err(AppError::Conflict(format!(
            "The inquiry is {}; it cannot be resumed.",
            inquiry.status
        )));
    }
    if let Some(granted) = stored_token(state, inquiry, min_remaining) {
        return Ok(granted);
    }
    let lock = state.resume_locks.lock_for(inquiry.id);
    let _guard = lock.lock().await;
    // Someone may have resumed while we waited: look again before calling the provider.
    let fresh = repo::inquiries::find_by_id(&state.db.connection, scope, inquiry.id)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some(granted) = stored_token(state, &fresh, min_remaining) {
        return Ok(granted);
    }
    // Other instances: one of them resumes, the rest wait for its stored token.
    let cluster_key = format!("resume:{}", inquiry.id);
    let ttl = std::time::Duration::from_secs(20);
    let started = std::time::Instant::now();
    while !state.cluster.try_lock(&cluster_key, ttl).await {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        let current = repo::inquiries::find_by_id(&state.db.connection, scope, inquiry.id)
            .await?
            .ok_or(AppError::NotFound)?;
        if let Some(granted) = stored_token(state, &current, min_remaining) {
            return Ok(granted);
        }
        if started.elapsed() > ttl {
            break;
        }
    }
    // The previous holder may have finished just before we got the lock: read once more.
    let fresh = match repo::inquiries::find_by_id(&state.db.connection, scope, inquiry.id).await {
        Ok(Some(current)) => current,
        _ => fresh,
    };
    let result = resume_now(state, scope, fresh, min_remaining, actor).await;
    state.cluster.unlock(&cluster_key).await;
    result
}

async fn resume_now(
    state: &AppState,
    scope: TenantScope,
    fresh: inquiries::Model,
    min_remaining: i64,
    actor: &str,
) -> Result<GrantedToken, AppError> {
    if let Some(granted) = stored_token(state, &fresh, min_remaining) {
        return Ok(granted);
    }
    let policy = repo::policies::get(&state.db.connection, scope).await?;
    let subject = repo::audit::inquiry_subject(&fresh.provider_inquiry_id);
    let recent = repo::audit::times_since(
        &state.db.connection,
        scope,
        "inquiry.resumed",
        &subject,
        now() - super::LIMIT_WINDOW_SECONDS,
    )
    .await?;
    if let Some(retry_after_seconds) =
        super::retry_after(&recent, policy.resumes_per_inquiry_per_hour, now())
    {
        return Err(AppError::TooManyRequests {
            retry_after_seconds,
        });
    }
    let link = match fresh.link_id {
        Some(id) => repo::links::find_by_id(&state.db.connection, scope, id).await?,
        None => None,
    };
    let fresh = match resume_policy::decide(state, scope, link.as_ref(), &fresh).await? {
        Decision::Resume => fresh,
        Decision::Refuse => {
            repo::audit::record(
                &state.db.connection,
                AuditEntry {
                    tenant_id: Some(scope.tenant_id()),
                    actor,
                    action: "inquiry.resume_refused",
                    subject: Some(&repo::audit::inquiry_subject(&fresh.provider_inquiry_id)),
                    details: None,
                },
            )
            .await?;
            return Err(AppError::Conflict(
                "This inquiry is too old or on an outdated template version, and the policy refuses to resume it. Issue a new link.".into(),
            ));
        }
        Decision::Reissue => match &link {
            Some(link) => reissue::reissue(state, scope, link, &fresh, actor).await?,
            None => fresh,
        },
    };
    resume_and_store(state, scope, &fresh, actor).await
}

/// Resume keys are the same for every instance that sees the inquiry in the same state
/// within this window, so instances racing to resume one inquiry make one resume: the
/// provider answers the later requests with the first one's response. Short, because the
/// provider also replays a failure (Persona stores 5xx answers too) and a replayed answer
/// should not be old: a race lasts milliseconds, a burst straddling a boundary costs one
/// extra resume at worst.
const RESUME_KEY_WINDOW_SECONDS: i64 = 60;

fn resume_key(inquiry: &inquiries::Model) -> IdempotencyKey {
    let window = now() / RESUME_KEY_WINDOW_SECONDS;
    IdempotencyKey::parse(&format!(
        "resume-{}-{}-{window}",
        inquiry.provider_inquiry_id, inquiry.resume_count
    ))
    .unwrap_or_else(|_| IdempotencyKey::generate())
}

/// One provider resume, its token stored and audited once even when another instance made
/// (and stored) the very same resume.
async fn resume_and_store(
    state: &AppState,
    scope: TenantScope,
    inquiry: &inquiries::Model,
    actor: &str,
) -> Result<GrantedToken, AppError> {
    let db = &state.db.connection;
    let inquiry_id = InquiryId::parse(&inquiry.provider_inquiry_id)
        .map_err(|e| AppError::internal(anyhow::anyhow!(e)))?;
    let resumed = state
        .provider
        .resume_inquiry(&inquiry_id, &resume_key(inquiry))
        .await
        .map_err(AppError::from)?;
    let expires_at = resumed
        .inquiry
        .expires_at
        .map(|at| at.timestamp())
        .unwrap_or_else(|| now() + 24 * 60 * 60);
    let token = resumed.session_token.expose().to_owned();
    let encrypted = state
        .cipher
        .encrypt(
            &token,
            &format!("session-token:{}", inquiry.provider_inquiry_id),
        )
        .map_err(AppError::internal)?;
    let stored = repo::inquiries::store_resumed_token(
        db,
        inquiry.id,
        inquiry.resume_count,
        encrypted,
        expires_at,
        resumed.inquiry.status.known(),
    )
    .await?;
    if !stored {
        // Another instance stored this resume (or a later one) first: hand out what it
        // stored, so every caller gets the same token.
        let latest = repo::inquiries::find_by_id(db, scope, inquiry.id)
            .await?
            .ok_or(AppError::NotFound)?;
        if let Some(granted) = stored_token(state, &latest, 0) {
            return Ok(granted);
        }
    } else {
        state.forget_inquiry(inquiry.id).await;
        repo::audit::record(
            db,
            AuditEntry {
                tenant_id: Some(scope.tenant_id()),
                actor,
                action: "inquiry.resumed",
                subject: Some(&repo::audit::inquiry_subject(&inquiry.provider_inquiry_id)),
                details: Some(serde_json::json!({ "from": inquiry.status })),
            },
        )
        .await?;
    }
    Ok(GrantedToken {
        inquiry_id: inquiry.provider_inquiry_id.clone(),
        token,
        expires_at,
        resumed: stored,
    })
}

/// Where the hosted flow lives: the embedded sandbox's, or Persona's.
pub fn hosted_flow_base(state: &AppState) -> String {
    if state.settings.is_sandbox() {
        format!("{}/sandbox/verify", state.settings.public_url)
    } else {
        state.settings.persona_hosted_flow_url.clone()
    }
}

/// The hosted flow URL that loads `inquiry_id`, with a session token when one is needed.
pub fn hosted_flow_url(state: &AppState, inquiry_id: &str, session_token: Option<&str>) -> String {
    let mut pairs = vec![("inquiry-id", inquiry_id)];
    if let Some(token) = session_token {
        pairs.push(("session-token", token));
    }
    let query = serde_urlencoded::to_string(pairs).unwrap_or_default();
    format!("{}?{query}", hosted_flow_base(state))
}

/// A hosted-flow URL the portal hands to a tenant (the link page, the API) rather than
/// redirects a person to: no request of the person's passes the portal's edge to add the
/// language, so the URL carries the link's own, when it has one (DESIGN 13.6).
pub fn handed_out_flow_url(
    state: &AppState,
    inquiry_id: &str,
    session_token: &str,
    language: Option<Language>,
) -> String {
    let url = hosted_flow_url(state, inquiry_id, Some(session_token));
    match language {
        Some(language) => format!("{url}&language={}", language.as_str()),
        None => url,
    }
}
