//! `/inquiries`: create, retrieve, list, resume, expire, generate-one-time-link.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::sandbox::{
    error::SandboxError,
    expiry,
    lifecycle::{NewInquiry, Overrides},
    model::{check_interval, Fields, InquiryStatus},
    shapes,
    store::{self, InquiryFilter},
    SandboxState,
};

use super::{execute, parse_json, Operation};

const MAX_REFERENCE_ID: usize = 255;
const MAX_NOTE: usize = 2000;
const MAX_TAGS: usize = 50;
const MAX_TAG: usize = 255;
const MAX_REDIRECT_URI: usize = 2000;
const DEFAULT_PAGE_SIZE: u64 = 10;
const MAX_PAGE_SIZE: u64 = 100;

#[derive(Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct CreateBody {
    #[serde(default)]
    data: CreateData,
    #[serde(default)]
    meta: CreateMeta,
}

#[derive(Default, Deserialize)]
struct CreateData {
    #[serde(default)]
    attributes: CreateAttributes,
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct CreateAttributes {
    inquiry_template_id: Option<String>,
    inquiry_template_version_id: Option<String>,
    /// Persona's legacy `tmpl_` ids; the sandbox has only inquiry templates.
    template_id: Option<String>,
    reference_id: Option<String>,
    account_id: Option<String>,
    fields: Option<Map<String, Value>>,
    redirect_uri: Option<String>,
    note: Option<String>,
    tags: Option<Vec<String>>,
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct CreateMeta {
    auto_create_inquiry_session: Option<bool>,
    auto_create_one_time_link: Option<bool>,
    auto_create_account_reference_id: Option<String>,
    expiration_after_create_interval_seconds: Option<i64>,
    expiration_after_start_interval_seconds: Option<i64>,
    expiration_after_resume_interval_seconds: Option<i64>,
}

fn check_text(
    name: &str,
    value: Option<String>,
    max: usize,
) -> Result<Option<String>, SandboxError> {
    match value {
        None => Ok(None),
        Some(text) if text.is_empty() => Ok(None),
        Some(text) if text.chars().count() > max => Err(SandboxError::unprocessable(format!(
            "{name} is longer than {max} characters."
        ))),
        Some(text) => Ok(Some(text)),
    }
}

pub fn check_reference_id(
    name: &str,
    value: Option<String>,
) -> Result<Option<String>, SandboxError> {
    let value = check_text(name, value, MAX_REFERENCE_ID)?;
    if value
        .as_deref()
        .is_some_and(|text| text.chars().any(char::is_control))
    {
        return Err(SandboxError::unprocessable(format!(
            "{name} must not contain control characters."
        )));
    }
    Ok(value)
}

/// Only absolute http(s) URLs: the hosted flow sends the browser there.
pub fn check_redirect_uri(value: Option<String>) -> Result<Option<String>, SandboxError> {
    let Some(uri) = check_text("redirect-uri", value, MAX_REDIRECT_URI)? else {
        return Ok(None);
    };
    match url::Url::parse(&uri) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") && parsed.has_host() => {
            Ok(Some(uri))
        }
        _ => Err(SandboxError::unprocessable(
            "redirect-uri must be an absolute http or https URL.",
        )),
    }
}

fn check_override(name: &str, seconds: Option<i64>) -> Result<Option<i64>, SandboxError> {
    seconds
        .map(|seconds| {
            check_interval(seconds)
                .map_err(|message| SandboxError::unprocessable(format!("meta.{name}: {message}")))
        })
        .transpose()
}

fn new_inquiry(body: CreateBody) -> Result<NewInquiry, SandboxError> {
    let attributes = body.data.attributes;
    let meta = body.meta;
    let template_id = attributes.inquiry_template_id.or(attributes.template_id);
    if template_id.is_none() && attributes.inquiry_template_version_id.is_none() {
        return Err(SandboxError::bad_request(
            "Give data.attributes.inquiry-template-id or data.attributes.inquiry-template-version-id.",
        ));
    }
    let tags = attributes.tags.unwrap_or_default();
    if tags.len() > MAX_TAGS
        || tags
            .iter()
            .any(|tag| tag.is_empty() || tag.chars().count() > MAX_TAG)
    {
        return Err(SandboxError::unprocessable(format!(
            "Give at most {MAX_TAGS} tags of 1 to {MAX_TAG} characters."
        )));
    }
    Ok(NewInquiry {
        template_id,
        version_id: attributes.inquiry_template_version_id,
        reference_id: check_reference_id("reference-id", attributes.reference_id)?,
        account_reference_id: check_reference_id(
            "auto-create-account-reference-id",
            meta.auto_create_account_reference_id,
        )?,
        account_id: attributes.account_id,
        fields: match &attributes.fields {
            Some(fields) => Fields::from_request(fields)?,
            None => Fields::default(),
        },
        redirect_uri: check_redirect_uri(attributes.redirect_uri)?,
        note: check_text("note", attributes.note, MAX_NOTE)?,
        tags,
        overrides: Overrides {
            after_create_seconds: check_override(
                "expiration-after-create-interval-seconds",
                meta.expiration_after_create_interval_seconds,
            )?,
            after_start_seconds: check_override(
                "expiration-after-start-interval-seconds",
                meta.expiration_after_start_interval_seconds,
            )?,
            after_resume_seconds: check_override(
                "expiration-after-resume-interval-seconds",
                meta.expiration_after_resume_interval_seconds,
            )?,
        },
        create_session: meta.auto_create_inquiry_session.unwrap_or(false),
        create_one_time_link: meta.auto_create_one_time_link.unwrap_or(false),
    })
}

pub async fn create_inquiry(
    state: web::Data<SandboxState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, SandboxError> {
    let request = new_inquiry(parse_json::<CreateBody>(&body)?)?;
    execute(&state, &req, &body, Operation::Create(Box::new(request))).await
}

#[derive(Deserialize)]
pub struct InquiryPath {
    inquiry_id: String,
}

pub async fn retrieve_inquiry(
    state: web::Data<SandboxState>,
    path: web::Path<InquiryPath>,
    req: HttpRequest,
) -> Result<HttpResponse, SandboxError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(req.query_string())
        .map_err(|_| SandboxError::bad_request("The query string could not be read."))?;
    let inquiry = expiry::read_inquiry(&state.db, &state.sandbox, &path.inquiry_id)
        .await?
        .ok_or_else(|| SandboxError::not_found("No inquiry with this id."))?;
    let sessions = store::sessions_of(&state.db.connection, inquiry.id).await?;
    let mut document = Map::new();
    document.insert("data".into(), shapes::inquiry(&inquiry, &sessions));
    let include_sessions = pairs.iter().any(|(name, value)| {
        name == "include" && value.split(',').any(|item| item.trim() == "sessions")
    });
    if include_sessions {
        let now = crate::db::now();
        let included = sessions
            .iter()
            .map(|session| shapes::session(session, &inquiry.public_id, now))
            .collect();
        document.insert("included".into(), Value::Array(included));
    }
    Ok(HttpResponse::Ok().json(Value::Object(document)))
}

fn list_parameters(
    req: &HttpRequest,
) -> Result<(InquiryFilter, u64, Option<String>), SandboxError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(req.query_string())
        .map_err(|_| SandboxError::bad_request("The query string could not be read."))?;
    let mut filter = InquiryFilter::default();
    let mut size = DEFAULT_PAGE_SIZE;
    let mut after = None;
    for (name, value) in pairs {
        match name.as_str() {
            "filter[reference-id]" => filter.reference_id = Some(value),
            "filter[inquiry-template-id]" => filter.template_id = Some(value),
            "filter[account-id]" => filter.account_id = Some(value),
            "filter[status]" => {
                filter.status = Some(InquiryStatus::parse(&value).ok_or_else(|| {
                    SandboxError::bad_request(
                        "filter[status] must be created, pending, completed, failed, expired, approved, declined or needs_review.",
                    )
                })?)
            }
            "page[size]" => {
                size = value
                    .parse::<u64>()
                    .ok()
                    .filter(|size| (1..=MAX_PAGE_SIZE).contains(size))
                    .ok_or_else(|| {
                        SandboxError::bad_request(format!(
                            "page[size] must be a number from 1 to {MAX_PAGE_SIZE}."
                        ))
                    })?
            }
            "page[after]" => after = Some(value),
            // Like Persona, parameters the endpoint does not know are ignored.
            _ => {}
        }
    }
    Ok((filter, size, after))
}

fn next_link(filter: &InquiryFilter, size: u64, after: &str) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if let Some(reference_id) = &filter.reference_id {
        pairs.push(("filter[reference-id]", reference_id.clone()));
    }
    if let Some(status) = filter.status {
        pairs.push(("filter[status]", status.as_str().to_owned()));
    }
    if let Some(template_id) = &filter.template_id {
        pairs.push(("filter[inquiry-template-id]", template_id.clone()));
    }
    if let Some(account_id) = &filter.account_id {
        pairs.push(("filter[account-id]", account_id.clone()));
    }
    pairs.push(("page[size]", size.to_string()));
    pairs.push(("page[after]", after.to_owned()));
    let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    format!("/sandbox/api/v1/inquiries?{query}")
}

/// Newest first, with cursor pagination: `links.next` carries `page[after]`.
pub async fn list_inquiries(
    state: web::Data<SandboxState>,
    req: HttpRequest,
) -> Result<HttpResponse, SandboxError> {
    let (filter, size, after) = list_parameters(&req)?;
    // Expire what is due first, so that a status filter sees the statuses a read would.
    expiry::sweep(&state.db, &state.sandbox).await?;
    let conn = &state.db.connection;
    let before_id = match after {
        Some(after) => Some(
            store::find_inquiry(conn, &after)
                .await?
                .ok_or_else(|| SandboxError::bad_request("page[after] is not a known inquiry id."))?
                .id,
        ),
        None => None,
    };
    let mut page = store::list_inquiries(conn, &filter, before_id, size + 1).await?;
    let has_more = page.len() as u64 > size;
    page.truncate(size as usize);
    let ids: Vec<i32> = page.iter().map(|inquiry| inquiry.id).collect();
    let sessions = store::sessions_of_many(conn, &ids).await?;
    let data: Vec<Value> = page
        .iter()
        .map(|inquiry| {
            shapes::inquiry(
                inquiry,
                sessions.get(&inquiry.id).map(Vec::as_slice).unwrap_or(&[]),
            )
        })
        .collect();
    let next = match (has_more, page.last()) {
        (true, Some(last)) => Value::String(next_link(&filter, size, &last.public_id)),
        _ => Value::Null,
    };
    Ok(HttpResponse::Ok().json(json!({"data": data, "links": {"prev": null, "next": next}})))
}

pub async fn resume_inquiry(
    state: web::Data<SandboxState>,
    req: HttpRequest,
    path: web::Path<InquiryPath>,
    body: web::Bytes,
) -> Result<HttpResponse, SandboxError> {
    let operation = Operation::Resume(path.into_inner().inquiry_id);
    execute(&state, &req, &body, operation).await
}

pub async fn expire_inquiry(
    state: web::Data<SandboxState>,
    req: HttpRequest,
    path: web::Path<InquiryPath>,
    body: web::Bytes,
) -> Result<HttpResponse, SandboxError> {
    let operation = Operation::Expire(path.into_inner().inquiry_id);
    execute(&state, &req, &body, operation).await
}

#[derive(Default, Deserialize)]
struct OneTimeLinkBody {
    #[serde(default)]
    meta: OneTimeLinkMeta,
}

#[derive(Default, Deserialize)]
struct OneTimeLinkMeta {
    /// Persona's reference spells this one in snake case; accept both spellings.
    #[serde(alias = "expires-in-seconds")]
    expires_in_seconds: Option<i64>,
}

pub async fn generate_one_time_link(
    state: web::Data<SandboxState>,
    req: HttpRequest,
    path: web::Path<InquiryPath>,
    body: web::Bytes,
) -> Result<HttpResponse, SandboxError> {
    let parsed: OneTimeLinkBody = if body.iter().all(u8::is_ascii_whitespace) {
        OneTimeLinkBody::default()
    } else {
        parse_json(&body)?
    };
    let operation = Operation::GenerateOneTimeLink {
        inquiry_id: path.into_inner().inquiry_id,
        expires_in_seconds: parsed.meta.expires_in_seconds,
    };
    execute(&state, &req, &body, operation).await
}
