//! Inquiries the portal creates at the provider for its links (issue, reissue, a static
//! link's new visitor): how each is asked for, and how each is recorded.

use sea_orm::ConnectionTrait;

use crate::{
    domain::{InquiryStatus, ReferenceId, TemplateId},
    entities::{inquiries, links, template_connections},
    error::AppError,
    provider::{self, CreateInquiry, SessionToken, TemplateRef},
    repo::{self, inquiries::NewInquiry, TenantScope},
    state::AppState,
};

/// A request for an inquiry on the connected template's latest published version, under
/// `reference_id`, whose hosted flow ends on the portal's `/done`.
pub fn create_request(
    state: &AppState,
    template: &template_connections::Model,
    reference_id: Option<ReferenceId>,
) -> Result<CreateInquiry, AppError> {
    let template_id = TemplateId::parse(&template.provider_template_id)
        .map_err(|e| AppError::internal(anyhow::anyhow!(e)))?;
    let mut create = CreateInquiry::new(TemplateRef::Template(template_id));
    create.reference_id = reference_id;
    create.redirect_uri = Some(format!("{}/done", state.settings.public_url));
    Ok(create)
}

/// The reference id a link's inquiries are created under.
pub fn reference_of(link: &links::Model) -> Option<ReferenceId> {
    link.reference_id
        .as_deref()
        .and_then(|reference| ReferenceId::parse(reference).ok())
}

/// What the portal knows about a new provider inquiry beyond what the provider said.
pub struct Recording<'a> {
    /// The link it belongs to; its reference id is the inquiry's.
    pub link: &'a links::Model,
    /// The template version to record when the provider does not name one.
    pub fallback_version_id: Option<&'a str>,
    /// A session token created with the inquiry, and when it expires (stored encrypted).
    pub session_token: Option<(&'a SessionToken, i64)>,
}

/// Records an inquiry the provider created for a link (inside the caller's transaction
/// when `db` is one). A status the portal does not know yet ([`provider::ReportedStatus`])
/// is recorded as `created`: the inquiry was created a moment ago, and webhooks and the
/// reconciler bring the rest.
pub async fn record_inquiry(
    state: &AppState,
    db: &impl ConnectionTrait,
    scope: TenantScope,
    inquiry: &provider::Inquiry,
    recording: Recording<'_>,
) -> Result<inquiries::Model, AppError> {
    let session_token_encrypted = match recording.session_token {
        Some((token, _)) => Some(
            state
                .cipher
                .encrypt(
                    token.expose(),
                    &format!("session-token:{}", inquiry.id.as_str()),
                )
                .map_err(AppError::internal)?,
        ),
        None => None,
    };
    let row = repo::inquiries::insert(
        db,
        scope,
        NewInquiry {
            link_id: Some(recording.link.id),
            provider_inquiry_id: inquiry.id.as_str(),
            reference_id: recording.link.reference_id.as_deref(),
            template_version_id: inquiry
                .template_version_id
                .as_ref()
                .map(|version| version.as_str())
                .or(recording.fallback_version_id),
            status: inquiry.status.known().unwrap_or(InquiryStatus::Created),
            expires_at: inquiry.expires_at.map(|at| at.timestamp()),
            session_token_encrypted,
            session_token_expires_at: recording.session_token.map(|(_, at)| at),
        },
    )
    .await?;
    Ok(row)
}
