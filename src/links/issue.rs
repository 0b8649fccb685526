//! Issuing links (UI form and tenant API alike). A dedicated link creates its inquiry at
//! the provider first; only when that succeeds is anything stored, so a provider failure
//! never leaves a half-made link. The request is read and checked in
//! [`super::issue_request`].

use rand::Rng;
use sea_orm::{ConnectionTrait, DatabaseTransaction};

use crate::{
    crypto::{keyed_hash, sha256_hex},
    db::now,
    domain::{LinkKind, LinkToken, MessageKind, ReferenceId, WebhookEventType},
    entities::{inquiries, links, template_connections},
    error::AppError,
    idempotency::{Answer, Claim, Commit},
    provider::{CreatedInquiry, IdempotencyKey},
    repo::{self, audit::AuditEntry, links::NewLink, TenantScope},
    state::AppState,
    tenant_webhooks,
};

pub use super::issue_request::{IssueError, IssueRequest};
use super::{
    issue_recovery,
    issue_request::{check, Checked},
    provider_inquiry::{self, Recording},
};

pub struct IssuedLink {
    pub link: links::Model,
    pub template: template_connections::Model,
    pub url: String,
    pub inquiry: Option<inquiries::Model>,
    /// Only when asked for (`issue_session_token`): the token and its expiry.
    pub session_token: Option<(String, i64)>,
    /// Only when asked for: shown once, stored as a keyed hash.
    pub access_code: Option<String>,
}

pub fn link_url(public_url: &str, token: &LinkToken) -> String {
    format!("{public_url}/l/{}", token.expose())
}

/// A short code for a second channel: 8 characters without look-alikes (40 bits; five
/// wrong tries lock the link, and it is stored as a keyed hash).
pub(crate) fn new_access_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rngs::OsRng;
    (0..8)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}

pub fn access_code_hash(data_key: &[u8], code: &str) -> String {
    keyed_hash(
        data_key,
        &code.trim().to_ascii_uppercase().replace(['-', ' '], ""),
    )
}

/// The provider key for this issue: stable per request key (the API's `Idempotency-Key`, a
/// form's one-time key), so retries of one logical request never create a second inquiry;
/// random otherwise.
fn provider_key(scope: TenantScope, api_key: Option<&str>) -> IdempotencyKey {
    api_key
        .and_then(|key| {
            let digest = sha256_hex(format!("{}:{key}", scope.tenant_id()));
            IdempotencyKey::parse(&format!("issue-{}", &digest[..40])).ok()
        })
        .unwrap_or_else(IdempotencyKey::generate)
}

/// The new link before it is stored: the checked request, its secrets and its expiry.
struct Draft {
    checked: Checked,
    secrets: Secrets,
    expires_at: i64,
    always_new: bool,
}

/// The link's secrets as stored: the token and the prefill under the data key, the access
/// code (shown once) as a keyed hash.
struct Secrets {
    token: LinkToken,
    token_hash: String,
    token_encrypted: String,
    prefill_encrypted: Option<String>,
    access_code: Option<String>,
    access_code_hash: Option<String>,
}

fn secrets(
    state: &AppState,
    checked: &Checked,
    request: &IssueRequest,
) -> Result<Secrets, AppError> {
    let token = LinkToken::generate();
    let token_hash = token.hash();
    let token_encrypted = state
        .cipher
        .encrypt(token.expose(), &format!("link-token:{token_hash}"))
        .map_err(AppError::internal)?;
    let prefill_encrypted = if checked.fields.is_empty() {
        None
    } else {
        let json = serde_json::to_string(&checked.fields).map_err(AppError::internal)?;
        Some(
            state
                .cipher
                .encrypt(&json, &format!("link-prefill:{token_hash}"))
                .map_err(AppError::internal)?,
        )
    };
    let access_code =
        (checked.kind == LinkKind::Dedicated && request.access_code).then(new_access_code);
    let access_code_hash = access_code
        .as_deref()
        .map(|code| access_code_hash(&state.settings.data_key, code));
    Ok(Secrets {
        token,
        token_hash,
        token_encrypted,
        prefill_encrypted,
        access_code,
        access_code_hash,
    })
}

/// A dedicated link's inquiry, created at the provider with the link's prefill and
/// lifetime; none for a static link (its visitors get theirs).
async fn create_at_provider(
    state: &AppState,
    scope: TenantScope,
    checked: &Checked,
    request: &IssueRequest,
    idempotency_key: Option<&str>,
) -> Result<Option<CreatedInquiry>, AppError> {
    if checked.kind == LinkKind::Static {
        return Ok(None);
    }
    let mut create =
        provider_inquiry::create_request(state, &checked.template, checked.reference_id.clone())?;
    create.fields = checked
        .fields
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
        .collect();
    create.auto_create_inquiry_session = request.issue_session_token;
    let seconds = u64::try_from(checked.lifetime.seconds()).unwrap_or(u64::MAX);
    create.expiration_after_create_interval_seconds = Some(seconds);
    create.expiration_after_start_interval_seconds = Some(seconds);
    create.expiration_after_resume_interval_seconds = Some(seconds);
    let key = provider_key(scope, idempotency_key);
    Ok(Some(state.provider.create_inquiry(&create, &key).await?))
}

/// Issues a link. `commit` carries the request's idempotency claim, if it has one: the
/// provider's key and a generated reference id are derived from it (a retry finds the same
/// inquiry), and its answer is stored in the link's own transaction (a retry after a lost
/// answer gets this link, never a second one).
pub async fn issue(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    request: &IssueRequest,
    commit: &Commit<'_, IssuedLink>,
) -> Result<IssuedLink, IssueError> {
    let mut checked = check(state, scope, request).await?;
    if let (true, Some(key)) = (request.generate_reference, commit.key()) {
        checked.reference_id = Some(derived_reference(scope, key));
    }
    let created = create_at_provider(state, scope, &checked, request, commit.key()).await?;
    if let (Some(created), Some(_)) = (&created, commit.key()) {
        // An earlier attempt of this request stored this inquiry but lost its answer.
        if let Some(found) = issue_recovery::earlier_attempt(state, scope, created).await? {
            let template = checked.template;
            let issued =
                issue_recovery::answer_again(state, scope, actor, request, template, found, commit)
                    .await?;
            return Ok(issued);
        }
    }
    // Measured from the provider's answer: a slow provider must not eat into the lifetime
    // the issuer asked for.
    let draft = Draft {
        secrets: secrets(state, &checked, request)?,
        expires_at: now() + checked.lifetime.seconds(),
        always_new: request.always_new,
        checked,
    };
    let write = state.db.begin_write().await?;
    let stored = store(state, &write, scope, actor, &draft, created.as_ref()).await?;
    let issued = IssuedLink {
        url: link_url(&state.settings.public_url, &draft.secrets.token),
        link: stored.link,
        template: draft.checked.template,
        inquiry: stored.inquiry,
        session_token: stored.session_token,
        access_code: draft.secrets.access_code,
    };
    if let Some(to) = &draft.checked.send_to {
        let message = super::mail::LinkMessage {
            link: &issued.link,
            kind: MessageKind::Link,
            to,
            url: &issued.url,
            expires_at: issued.link.expires_at,
            first_name: super::mail::first_name(&draft.checked.fields),
            dedupe_key: None,
        };
        super::mail::queue(state, &*write, scope, actor, message).await?;
    }
    commit.write(state, &*write, &issued).await?;
    write.commit().await?;
    Ok(issued)
}

/// Issues a link under an idempotency claim (the API's request, a batch item, a bulk
/// line) and answers with `render`'s answer, which is stored with the link in its own
/// transaction. A request the checks refuse is a 422 naming every field.
pub async fn issue_answering(
    state: &AppState,
    scope: TenantScope,
    (actor, request): (&str, &IssueRequest),
    claim: Option<Claim>,
    render: &(dyn Fn(&IssuedLink) -> Result<Answer, AppError> + Sync),
) -> Result<Answer, AppError> {
    let commit = Commit::new(scope, claim, render);
    let issued =
        issue(state, scope, actor, request, &commit)
            .await
            .map_err(|error| match error {
                IssueError::Invalid(errors) => AppError::Unprocessable(errors.summary()),
                IssueError::App(error) => error,
            })?;
    commit.answer(&issued)
}

/// A generated reference id that a retry of the same request generates again (the
/// provider must see the same request under the same key).
fn derived_reference(scope: TenantScope, key: &str) -> ReferenceId {
    let digest = sha256_hex(format!("reference:{}:{key}", scope.tenant_id()));
    ReferenceId::parse(&format!("ref_{}", &digest[..22]))
        .unwrap_or_else(|_| ReferenceId::generate())
}

/// What [`store`] wrote.
struct Stored {
    link: links::Model,
    inquiry: Option<inquiries::Model>,
    session_token: Option<(String, i64)>,
}

/// Writes the link, its inquiry and their audit events in `write` (not committed).
async fn store(
    state: &AppState,
    write: &DatabaseTransaction,
    scope: TenantScope,
    actor: &str,
    draft: &Draft,
    created: Option<&CreatedInquiry>,
) -> Result<Stored, AppError> {
    let link = insert_link(write, scope, actor, draft).await?;
    let mut inquiry = None;
    let mut session_token = None;
    if let Some(created) = created {
        // The token lives as long as the inquiry (the link's expiry when the provider is silent).
        let token_expires_at = created
            .inquiry
            .expires_at
            .map_or(link.expires_at, |at| at.timestamp());
        let recording = Recording {
            link: &link,
            fallback_version_id: draft.checked.template.current_version_id.as_deref(),
            session_token: created
                .session_token
                .as_ref()
                .map(|t| (t, token_expires_at)),
        };
        let row =
            provider_inquiry::record_inquiry(state, write, scope, &created.inquiry, recording)
                .await?;
        repo::links::set_current_inquiry(write, link.id, row.id).await?;
        session_token = created
            .session_token
            .as_ref()
            .map(|token| (token.expose().to_owned(), token_expires_at));
        inquiry = Some(row);
    }
    audit_issue(write, scope, actor, &link, draft, session_token.is_some()).await?;
    let link = repo::links::find(write, scope, &link.public_id)
        .await?
        .unwrap_or(link);
    let inquiry_id = inquiry
        .as_ref()
        .map(|i: &inquiries::Model| i.provider_inquiry_id.as_str());
    let event = tenant_webhooks::link_event(WebhookEventType::LinkIssued, &link, inquiry_id);
    tenant_webhooks::enqueue(write, scope, event).await?;
    Ok(Stored {
        link,
        inquiry,
        session_token,
    })
}

async fn insert_link(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    actor: &str,
    draft: &Draft,
) -> Result<links::Model, AppError> {
    let (checked, secrets) = (&draft.checked, &draft.secrets);
    let link = repo::links::insert(
        db,
        scope,
        NewLink {
            template_connection_id: checked.template.id,
            kind: checked.kind,
            token_hash: &secrets.token_hash,
            token_encrypted: &secrets.token_encrypted,
            reference_id: checked.reference_id.as_ref().map(ReferenceId::as_str),
            prefill_encrypted: secrets.prefill_encrypted.as_deref(),
            resume_on_click: checked.resume_on_click,
            access_code_hash: secrets.access_code_hash.as_deref(),
            expires_at: draft.expires_at,
            active_from: checked.active_from,
            max_inquiries: checked.max_inquiries,
            always_new: draft.always_new,
            language: checked.language,
            created_by: actor,
        },
    )
    .await?;
    Ok(link)
}

async fn audit_issue(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    actor: &str,
    link: &links::Model,
    draft: &Draft,
    session_token_generated: bool,
) -> Result<(), AppError> {
    let checked = &draft.checked;
    let subject = repo::audit::link_subject(&link.public_id);
    repo::audit::record(
        db,
        AuditEntry {
            tenant_id: Some(scope.tenant_id()),
            actor,
            action: "link.issued",
            subject: Some(&subject),
            details: Some(serde_json::json!({
                "kind": checked.kind,
                "template": checked.template.provider_template_id,
                "expires_in_seconds": checked.lifetime.seconds(),
                "access_code": draft.secrets.access_code.is_some(),
            })),
        },
    )
    .await?;
    if session_token_generated {
        repo::audit::record(
            db,
            AuditEntry {
                tenant_id: Some(scope.tenant_id()),
                actor,
                action: "session_token.generated",
                subject: Some(&subject),
                details: None,
            },
        )
        .await?;
    }
    Ok(())
}
