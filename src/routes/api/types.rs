//! The tenant API's request and response bodies (snake_case), described for OpenAPI.

use serde::{de::Error as _, Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

use crate::entities::{inquiries, links, template_connections};

fn iso(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .map(|at| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtendLinkBody {
    /// The link then expires this many seconds from now (never earlier than it already
    /// did): 1 up to your policy's maximum link lifetime (at most ten years; above the
    /// policy's maximum it is a 422).
    #[schema(minimum = 1, maximum = 315_360_000)]
    #[serde(deserialize_with = "whole_number")]
    pub expires_in_seconds: i64,
}

#[derive(Serialize, ToSchema)]
pub struct LinkBody {
    /// The link's id (`lnk_…`).
    pub id: String,
    pub kind: String,
    /// The URL to send to the end user.
    pub url: String,
    /// `active`, `paused`, `completed`, `expired` or `revoked`.
    pub status: String,
    pub expires_at: String,
    pub template_id: String,
    pub reference_id: Option<String>,
    /// The dedicated link's current inquiry (`inq_…`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inquiry_id: Option<String>,
    /// Only in the creation response, when `issue_session_token` was true.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_token: Option<String>,
    /// Only in the creation response, when `access_code` was true.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_code: Option<String>,
    pub clicks: i64,
    pub created_at: String,
    /// The language of the person's pages and emails (`en`, `de`, `fr`, `es`); absent
    /// when their browser's language (`Accept-Language`) decides.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

impl LinkBody {
    pub fn new(
        link: &links::Model,
        url: String,
        template: Option<&template_connections::Model>,
        inquiry: Option<&inquiries::Model>,
    ) -> Self {
        Self {
            id: link.public_id.clone(),
            kind: link.kind.to_string(),
            url,
            status: link.state.to_string(),
            expires_at: iso(link.expires_at),
            template_id: template
                .map(|t| t.provider_template_id.clone())
                .unwrap_or_default(),
            reference_id: link.reference_id.clone(),
            inquiry_id: inquiry.map(|i| i.provider_inquiry_id.clone()),
            session_token: None,
            access_code: None,
            clicks: link.click_count,
            created_at: iso(link.created_at),
            language: link.language.map(|language| language.as_str().to_owned()),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct LinkListBody {
    pub data: Vec<LinkBody>,
    /// Pass as `after` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct InquiryBody {
    /// The provider's inquiry id (`inq_…`).
    pub id: String,
    pub status: String,
    pub reference_id: Option<String>,
    /// The link it belongs to (`lnk_…`).
    pub link_id: Option<String>,
    pub template_version_id: Option<String>,
    pub expires_at: Option<String>,
    pub resume_count: i32,
    pub created_at: String,
    pub updated_at: String,
}

impl InquiryBody {
    pub fn new(inquiry: &inquiries::Model, link_public_id: Option<String>) -> Self {
        Self {
            id: inquiry.provider_inquiry_id.clone(),
            status: inquiry.status.to_string(),
            reference_id: inquiry.reference_id.clone(),
            link_id: link_public_id,
            template_version_id: inquiry.template_version_id.clone(),
            expires_at: inquiry.expires_at.map(iso),
            resume_count: inquiry.resume_count,
            created_at: iso(inquiry.created_at),
            updated_at: iso(inquiry.updated_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SessionTokenBody {
    pub inquiry_id: String,
    pub session_token: String,
    pub expires_at: String,
    /// Loads the inquiry in the hosted flow with this token.
    pub hosted_flow_url: String,
}

#[derive(Serialize, ToSchema)]
pub struct AccessLinkBody {
    /// `/a/{code}`: works once, in the first browser that opens it and presses Continue.
    pub url: String,
    pub expires_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// `invalid_request`, `unauthenticated`, `not_found`, `conflict`, `rate_limited`, …
    #[serde(rename = "type")]
    pub kind: String,
    pub message: String,
}

pub fn iso_time(unix: i64) -> String {
    iso(unix)
}

/// A JSON integer, also when written with a zero fraction: `3600.0` is an integer in JSON
/// Schema, which the description follows. Anything else is the body's shape error (400).
pub fn whole_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    let number = serde_json::Number::deserialize(deserializer)?;
    number
        .as_i64()
        .or_else(|| {
            number
                .as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        })
        .ok_or_else(|| {
            D::Error::custom(format!("invalid number {number}, expected a whole number"))
        })
}

/// [`whole_number`] for an optional field (`null` or absent is `None`).
pub fn optional_whole_number<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    struct Whole(#[serde(deserialize_with = "whole_number")] i64);
    Ok(Option::<Whole>::deserialize(deserializer)?.map(|Whole(n)| n))
}
