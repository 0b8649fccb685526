//! Issuing links (UI form and tenant API alike). A dedicated link creates its inquiry at
//! the provider first; only when that succeeds is anything stored, so a provider failure
//! never leaves a half-made link.

use std::collections::BTreeMap;

use rand::Rng;

use crate::{
    crypto::{keyed_hash, sha256_hex},
    db::now,
    domain::{Lifetime, LinkKind, LinkToken, PrefillField, ReferenceId, ResumeOnClick, TemplateId},
    entities::{inquiries, links, template_connections},
    error::AppError,
    provider::{CreateInquiry, IdempotencyKey, TemplateRef},
    repo::{self, audit::AuditEntry, inquiries::NewInquiry, links::NewLink, TenantScope},
    state::AppState,
};

use super::FieldErrors;

/// Raw input, as typed in the form or sent to the API.
#[derive(Clone, Debug, Default)]
pub struct IssueRequest {
    pub kind: String,
    pub template_id: String,
    pub reference_id: Option<String>,
    pub generate_reference: bool,
    pub fields: Vec<(String, String)>,
    pub expires_in_seconds: Option<String>,
    pub resume_on_click: Option<String>,
    pub access_code: bool,
    pub issue_session_token: bool,
    pub max_inquiries: Option<String>,
    pub always_new: bool,
    /// Static links: when the link starts accepting visitors (RFC 3339, or the form's
    /// `YYYY-MM-DDTHH:MM` read as UTC); open at once when absent.
    pub active_from: Option<String>,
}

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

pub enum IssueError {
    Invalid(FieldErrors),
    App(AppError),
}

impl From<AppError> for IssueError {
    fn from(error: AppError) -> Self {
        IssueError::App(error)
    }
}

impl From<sea_orm::DbErr> for IssueError {
    fn from(error: sea_orm::DbErr) -> Self {
        IssueError::App(error.into())
    }
}

/// The validated request.
struct Checked {
    kind: LinkKind,
    template: template_connections::Model,
    reference_id: Option<ReferenceId>,
    fields: BTreeMap<String, String>,
    lifetime: Lifetime,
    resume_on_click: ResumeOnClick,
    max_inquiries: Option<i32>,
    active_from: Option<i64>,
}

pub fn link_url(public_url: &str, token: &LinkToken) -> String {
    format!("{public_url}/l/{}", token.expose())
}

/// A short code for a second channel: 8 characters without look-alikes (40 bits; five
/// wrong tries lock the link, and it is stored as a keyed hash).
fn new_access_code() -> String {
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

async fn check(
    state: &AppState,
    scope: TenantScope,
    request: &IssueRequest,
) -> Result<Checked, IssueError> {
    let mut errors = FieldErrors::default();
    let kind = LinkKind::parse(&request.kind)
        .map_err(|message| errors.add("kind", message))
        .ok();
    let template = match TemplateId::parse(request.template_id.trim()) {
        Ok(id) => {
            let found = repo::template_connections::find_by_template(
                &state.db.connection,
                scope,
                id.as_str(),
            )
            .await?;
            if found.is_none() {
                errors.add(
                    "template_id",
                    "This template is not connected to your account.",
                );
            }
            found
        }
        Err(message) => {
            errors.add("template_id", message);
            None
        }
    };
    let reference_id = match (request.generate_reference, request.reference_id.as_deref()) {
        (true, _) => Some(ReferenceId::generate()),
        (false, Some(raw)) if !raw.trim().is_empty() => ReferenceId::parse(raw.trim())
            .map_err(|message| errors.add("reference_id", message))
            .ok(),
        _ => None,
    };
    let policy = repo::policies::get(&state.db.connection, scope).await?;
    let ceiling = policy.max_link_seconds.min(policy.ceiling_link_seconds);
    let requested = request
        .expires_in_seconds
        .as_deref()
        .map(str::trim)
        .filter(|raw| !raw.is_empty());
    let lifetime = match (requested, &template) {
        (Some(raw), _) => Lifetime::parse(raw)
            .and_then(|lifetime| lifetime.within(ceiling, "tenant policy"))
            .map_err(|message| errors.add("expires_in_seconds", message))
            .ok(),
        (None, Some(template)) => {
            Lifetime::from_seconds(template.default_expires_in_seconds.min(ceiling)).ok()
        }
        (None, None) => None,
    };
    let resume_on_click = match request.resume_on_click.as_deref().filter(|r| !r.is_empty()) {
        Some(raw) => ResumeOnClick::parse(raw)
            .map_err(|message| errors.add("resume_on_click", message))
            .ok(),
        None => Some(ResumeOnClick::default()),
    };
    let allowed = template
        .as_ref()
        .map(|t| t.allowed_field_names())
        .unwrap_or_default();
    let mut fields = BTreeMap::new();
    for (name, raw) in &request.fields {
        if raw.trim().is_empty() {
            continue;
        }
        let key = format!("fields[{name}]");
        match PrefillField::parse(name) {
            Ok(field) if allowed.iter().any(|a| a == field.as_str()) => {
                match field.parse_value(raw) {
                    Ok(value) => {
                        fields.insert(field.as_str().to_owned(), value);
                    }
                    Err(message) => errors.add(&key, message),
                }
            }
            Ok(field) => errors.add(
                &key,
                format!("The template does not allow prefilling {}.", field.label()),
            ),
            Err(message) => errors.add(&key, message),
        }
    }
    let max_inquiries = match request.max_inquiries.as_deref().map(str::trim) {
        Some(raw) if !raw.is_empty() => match raw.parse::<i32>() {
            Ok(cap) if cap > 0 => Some(cap),
            _ => {
                errors.add("max_inquiries", "The cap must be a positive whole number.");
                None
            }
        },
        _ => None,
    };
    let active_from = match request.active_from.as_deref().map(str::trim) {
        Some(raw) if !raw.is_empty() => match parse_moment(raw) {
            Some(at) if kind == Some(LinkKind::Static) => Some(at),
            Some(_) => {
                errors.add("active_from", "Only static links have an opening time.");
                None
            }
            None => {
                errors.add(
                    "active_from",
                    "Use a date and time like 2026-12-01T09:00:00Z.",
                );
                None
            }
        },
        _ => None,
    };
    if kind == Some(LinkKind::Static) && !fields.is_empty() {
        errors.add(
            "fields",
            "Static links are shared by many people and cannot be prefilled.",
        );
    }
    if kind == Some(LinkKind::Static) && (request.access_code || request.issue_session_token) {
        errors.general =
            Some("Access codes and session tokens only apply to dedicated links.".into());
    }
    match (kind, template, lifetime, resume_on_click) {
        (Some(kind), Some(template), Some(lifetime), Some(resume_on_click))
            if errors.is_empty() =>
        {
            Ok(Checked {
                kind,
                template,
                reference_id,
                fields,
                lifetime,
                resume_on_click,
                max_inquiries,
                active_from,
            })
        }
        _ => Err(IssueError::Invalid(errors)),
    }
}

/// An RFC 3339 moment, or a form's `datetime-local` value (`YYYY-MM-DDTHH:MM`) read as UTC.
fn parse_moment(raw: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(raw)
        .map(|at| at.timestamp())
        .ok()
        .or_else(|| {
            chrono::NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
                .ok()
                .map(|at| at.and_utc().timestamp())
        })
}

/// The provider key for this issue: stable per API `Idempotency-Key`, so retries of one
/// logical request never create a second inquiry; random otherwise.
fn provider_key(scope: TenantScope, api_key: Option<&str>) -> IdempotencyKey {
    api_key
        .and_then(|key| {
            let digest = sha256_hex(format!("{}:{key}", scope.tenant_id()));
            IdempotencyKey::parse(&format!("issue-{}", &digest[..40])).ok()
        })
        .unwrap_or_else(IdempotencyKey::generate)
}

pub async fn issue(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    request: &IssueRequest,
    idempotency_key: Option<&str>,
) -> Result<IssuedLink, IssueError> {
    let checked = check(state, scope, request).await?;
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
    let expires_at = now() + checked.lifetime.seconds();

    let created = match checked.kind {
        LinkKind::Static => None,
        LinkKind::Dedicated => {
            let mut create = CreateInquiry::new(TemplateRef::Template(
                TemplateId::parse(&checked.template.provider_template_id)
                    .map_err(|e| AppError::internal(anyhow::anyhow!(e)))?,
            ));
            create.reference_id = checked.reference_id.clone();
            create.fields = checked
                .fields
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect();
            create.redirect_uri = Some(format!("{}/done", state.settings.public_url));
            create.auto_create_inquiry_session = request.issue_session_token;
            let seconds = u64::try_from(checked.lifetime.seconds()).unwrap_or(u64::MAX);
            create.expiration_after_create_interval_seconds = Some(seconds);
            create.expiration_after_start_interval_seconds = Some(seconds);
            create.expiration_after_resume_interval_seconds = Some(seconds);
            let key = provider_key(scope, idempotency_key);
            Some(
                state
                    .provider
                    .create_inquiry(&create, &key)
                    .await
                    .map_err(AppError::from)?,
            )
        }
    };

    let write = state.db.begin_write().await?;
    let link = repo::links::insert(
        &*write,
        scope,
        NewLink {
            template_connection_id: checked.template.id,
            kind: checked.kind,
            token_hash: &token_hash,
            token_encrypted: &token_encrypted,
            reference_id: checked.reference_id.as_ref().map(ReferenceId::as_str),
            prefill_encrypted: prefill_encrypted.as_deref(),
            resume_on_click: checked.resume_on_click,
            access_code_hash: access_code_hash.as_deref(),
            expires_at,
            active_from: checked.active_from,
            max_inquiries: checked.max_inquiries,
            always_new: request.always_new,
            created_by: actor,
        },
    )
    .await?;
    let mut inquiry = None;
    let mut session_token = None;
    if let Some(created) = &created {
        let provider_inquiry = &created.inquiry;
        let inquiry_expires_at = provider_inquiry.expires_at.map(|t| t.timestamp());
        let token_expires_at = inquiry_expires_at.unwrap_or(expires_at);
        let encrypted_token = match &created.session_token {
            Some(token) => Some(
                state
                    .cipher
                    .encrypt(
                        token.expose(),
                        &format!("session-token:{}", provider_inquiry.id.as_str()),
                    )
                    .map_err(AppError::internal)?,
            ),
            None => None,
        };
        let row = repo::inquiries::insert(
            &*write,
            scope,
            NewInquiry {
                link_id: Some(link.id),
                provider_inquiry_id: provider_inquiry.id.as_str(),
                reference_id: checked.reference_id.as_ref().map(ReferenceId::as_str),
                template_version_id: provider_inquiry
                    .template_version_id
                    .as_ref()
                    .map(|v| v.as_str())
                    .or(checked.template.current_version_id.as_deref()),
                status: provider_inquiry.status.as_str(),
                expires_at: inquiry_expires_at,
                session_token_encrypted: encrypted_token,
                session_token_expires_at: created.session_token.as_ref().map(|_| token_expires_at),
            },
        )
        .await?;
        repo::links::set_current_inquiry(&*write, link.id, row.id).await?;
        session_token = created
            .session_token
            .as_ref()
            .map(|token| (token.expose().to_owned(), token_expires_at));
        inquiry = Some(row);
    }
    repo::audit::record(
        &*write,
        AuditEntry {
            tenant_id: Some(scope.tenant_id()),
            actor,
            action: "link.issued",
            subject: Some(&repo::audit::link_subject(&link.public_id)),
            details: Some(serde_json::json!({
                "kind": checked.kind.as_str(),
                "template": checked.template.provider_template_id,
                "expires_in_seconds": checked.lifetime.seconds(),
                "access_code": access_code.is_some(),
            })),
        },
    )
    .await?;
    if session_token.is_some() {
        repo::audit::record(
            &*write,
            AuditEntry {
                tenant_id: Some(scope.tenant_id()),
                actor,
                action: "session_token.generated",
                subject: Some(&repo::audit::link_subject(&link.public_id)),
                details: None,
            },
        )
        .await?;
    }
    write.commit().await?;
    let link = repo::links::find(&state.db.connection, scope, &link.public_id)
        .await?
        .unwrap_or(link);
    Ok(IssuedLink {
        url: link_url(&state.settings.public_url, &token),
        link,
        template: checked.template,
        inquiry,
        session_token,
        access_code,
    })
}
