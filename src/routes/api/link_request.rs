//! What the tenant API reads about links: the creation body and the list's query.
//!
//! Each kind of link has a closed body of its own, as the OpenAPI description says
//! (`oneOf`, `additionalProperties: false`): a dedicated link takes prefill, an access code
//! and a session token; a static link takes a cap, `always_new` and an opening time. A body
//! that does not have that shape (not JSON, an unknown or misplaced field, a wrong type)
//! is a 400; well-formed values that the template, the policy or a domain rule refuse are
//! a 422 (see `issue_request::check`).

use std::collections::BTreeMap;

use actix_web::HttpRequest;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::{
    domain::{LinkKind, LinkState, PublicId},
    error::AppError,
    links::{issue::IssueRequest, LinkFilter},
};

use super::json_body;

/// `"dedicated"`: one inquiry for one person.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DedicatedKind {
    Dedicated,
}

/// `"static"`: a new inquiry per visitor.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StaticKind {
    Static,
}

/// Who may continue a pending inquiry by clicking the link.
#[derive(Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ResumeChoice {
    SameBrowser,
    Anyone,
    Never,
}

impl ResumeChoice {
    fn as_str(self) -> &'static str {
        match self {
            ResumeChoice::SameBrowser => "same_browser",
            ResumeChoice::Anyone => "anyone",
            ResumeChoice::Never => "never",
        }
    }
}

/// The language of the person's pages, emails and hosted flow; their browser's
/// (`Accept-Language`, else English) when omitted.
#[derive(Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LanguageChoice {
    En,
    De,
    Fr,
    Es,
}

impl LanguageChoice {
    fn as_str(self) -> &'static str {
        match self {
            LanguageChoice::En => "en",
            LanguageChoice::De => "de",
            LanguageChoice::Fr => "fr",
            LanguageChoice::Es => "es",
        }
    }
}

/// A dedicated link: one inquiry for one person, optionally prefilled.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DedicatedLinkBody {
    pub kind: DedicatedKind,
    /// The provider template (`itmpl_…`) connected to your account (else 422).
    pub template_id: String,
    /// Your opaque id for the person. Never personal data.
    pub reference_id: Option<String>,
    /// Generate an opaque reference id (`ref_…`) instead of sending one.
    pub generate_reference_id: Option<bool>,
    /// Prefill: Persona field names the template allows to string values (`name-first`,
    /// `birthdate` as YYYY-MM-DD, `email-address`, `phone-number`, …); others are a 422.
    pub fields: Option<BTreeMap<String, String>>,
    /// Link lifetime in seconds; the template's default when omitted. Above your policy's
    /// maximum link lifetime (at most ten years) it is a 422.
    #[schema(minimum = 1, maximum = 315_360_000)]
    #[serde(default, deserialize_with = "super::types::optional_whole_number")]
    pub expires_in_seconds: Option<i64>,
    /// `same_browser` when omitted.
    pub resume_on_click: Option<ResumeChoice>,
    /// Issue an access code (returned once) for continuing on another device.
    pub access_code: Option<bool>,
    /// Create a session token now and return it (B2B2C option 1).
    pub issue_session_token: Option<bool>,
    /// Email the link to this address as it is issued (queued with the link).
    pub send_to: Option<super::send::SendToBody>,
    /// The language of the person's pages, emails and hosted flow.
    pub language: Option<LanguageChoice>,
}

/// A static link: shared by many people, a new inquiry per visitor.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StaticLinkBody {
    pub kind: StaticKind,
    /// The provider template (`itmpl_…`) connected to your account (else 422).
    pub template_id: String,
    /// Your opaque id for the campaign. Never personal data.
    pub reference_id: Option<String>,
    /// Generate an opaque reference id (`ref_…`) instead of sending one.
    pub generate_reference_id: Option<bool>,
    /// Link lifetime in seconds; the template's default when omitted. Above your policy's
    /// maximum link lifetime (at most ten years) it is a 422.
    #[schema(minimum = 1, maximum = 315_360_000)]
    #[serde(default, deserialize_with = "super::types::optional_whole_number")]
    pub expires_in_seconds: Option<i64>,
    /// `same_browser` when omitted.
    pub resume_on_click: Option<ResumeChoice>,
    /// Stop creating inquiries after this many.
    #[schema(minimum = 1, maximum = 2_147_483_647)]
    #[serde(default, deserialize_with = "super::types::optional_whole_number")]
    pub max_inquiries: Option<i64>,
    /// A returning browser gets a new inquiry too.
    pub always_new: Option<bool>,
    /// When it starts accepting visitors (RFC 3339); at once when omitted.
    #[schema(format = DateTime)]
    pub active_from: Option<String>,
    /// Email the link to this address as it is issued (queued with the link).
    pub send_to: Option<super::send::SendToBody>,
    /// The language of the person's pages, emails and hosted flow.
    pub language: Option<LanguageChoice>,
}

/// The body of `POST /api/v1/links`: one of the two closed bodies, told apart by `kind`.
#[derive(Deserialize, ToSchema)]
#[serde(untagged)]
#[allow(dead_code)] // Describes the body; `create_request` reads it.
pub enum CreateLinkBody {
    Dedicated(DedicatedLinkBody),
    Static(StaticLinkBody),
}

/// Reads a creation body into the request both the API and the form make.
pub fn create_request(req: &HttpRequest, body: &[u8]) -> Result<IssueRequest, AppError> {
    let value: serde_json::Value = json_body(req, body)?;
    link_from_value(value).map_err(|problem| match problem {
        ShapeProblem::Json(error) => {
            AppError::BadRequest(format!("The JSON body is not valid: {error}"))
        }
        ShapeProblem::Kind => AppError::BadRequest(
            "The body must be a JSON object whose kind is “dedicated” or “static”.".into(),
        ),
    })
}

/// Why a value is not a creation body (a 400: the caller words it).
pub enum ShapeProblem {
    /// An unknown, misplaced or missing field, or a wrong type.
    Json(serde_json::Error),
    /// Not an object whose `kind` is `dedicated` or `static`.
    Kind,
}

/// Reads one creation body (`POST /api/v1/links`, an item of the batch) from its JSON.
pub fn link_from_value(value: serde_json::Value) -> Result<IssueRequest, ShapeProblem> {
    match value.get("kind").and_then(serde_json::Value::as_str) {
        Some("dedicated") => {
            let body: DedicatedLinkBody =
                serde_json::from_value(value).map_err(ShapeProblem::Json)?;
            Ok(IssueRequest {
                kind: LinkKind::Dedicated.to_string(),
                template_id: body.template_id,
                reference_id: body.reference_id,
                generate_reference: body.generate_reference_id.unwrap_or(false),
                fields: body.fields.unwrap_or_default().into_iter().collect(),
                expires_in_seconds: body.expires_in_seconds.map(|s| s.to_string()),
                resume_on_click: body.resume_on_click.map(|r| r.as_str().to_owned()),
                access_code: body.access_code.unwrap_or(false),
                issue_session_token: body.issue_session_token.unwrap_or(false),
                send_to: body.send_to.map(|send_to| send_to.email),
                language: body.language.map(|language| language.as_str().to_owned()),
                ..IssueRequest::default()
            })
        }
        Some("static") => {
            let body: StaticLinkBody = serde_json::from_value(value).map_err(ShapeProblem::Json)?;
            Ok(IssueRequest {
                kind: LinkKind::Static.to_string(),
                template_id: body.template_id,
                reference_id: body.reference_id,
                generate_reference: body.generate_reference_id.unwrap_or(false),
                expires_in_seconds: body.expires_in_seconds.map(|s| s.to_string()),
                resume_on_click: body.resume_on_click.map(|r| r.as_str().to_owned()),
                max_inquiries: body.max_inquiries.map(|m| m.to_string()),
                always_new: body.always_new.unwrap_or(false),
                active_from: body.active_from,
                send_to: body.send_to.map(|send_to| send_to.email),
                language: body.language.map(|language| language.as_str().to_owned()),
                ..IssueRequest::default()
            })
        }
        _ => Err(ShapeProblem::Kind),
    }
}

/// The list's filters and page size.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApiLinksQuery {
    /// Only links with this reference id (up to 255 characters).
    #[param(max_length = 255)]
    reference_id: Option<String>,
    /// Only links of this kind.
    #[param(inline)]
    kind: Option<KindFilter>,
    /// Only links in this state.
    #[param(inline)]
    status: Option<StatusFilter>,
    /// The `next_cursor` of the previous page (a link id, `lnk_…`).
    #[param(pattern = "^lnk_[A-Za-z0-9_-]{8,64}$")]
    after: Option<String>,
    /// Links per page: 1 to 100, 25 when omitted.
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u64>,
}

#[derive(Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum KindFilter {
    Dedicated,
    Static,
}

#[derive(Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatusFilter {
    Active,
    Paused,
    Completed,
    Expired,
    Revoked,
}

/// The list's filter and page size; anything out of bounds is a 400, never ignored.
pub fn list_filter(query: ApiLinksQuery) -> Result<(LinkFilter, u64), AppError> {
    let limit = query.limit.unwrap_or(25);
    if !(1..=100).contains(&limit) {
        return Err(AppError::BadRequest(
            "limit must be between 1 and 100.".into(),
        ));
    }
    if query.reference_id.as_ref().is_some_and(|r| r.len() > 255) {
        return Err(AppError::BadRequest(
            "reference_id is at most 255 characters.".into(),
        ));
    }
    let after = query
        .after
        .map(|after| {
            PublicId::parse("lnk", &after)
                .map(PublicId::into_string)
                .ok_or_else(|| AppError::BadRequest("after must be a link id (lnk_…).".into()))
        })
        .transpose()?;
    let kind = query.kind.map(|kind| match kind {
        KindFilter::Dedicated => LinkKind::Dedicated,
        KindFilter::Static => LinkKind::Static,
    });
    let state = query.status.map(|status| match status {
        StatusFilter::Active => LinkState::Active,
        StatusFilter::Paused => LinkState::Paused,
        StatusFilter::Completed => LinkState::Completed,
        StatusFilter::Expired => LinkState::Expired,
        StatusFilter::Revoked => LinkState::Revoked,
    });
    let filter = LinkFilter {
        kind,
        state,
        reference_id: query.reference_id,
        text: None,
        after,
        limit: limit + 1,
    };
    Ok((filter, limit))
}
