//! What the portal asks of the provider, and how each request is written on the wire.

use std::{collections::BTreeMap, fmt};

use serde::Serialize;
use serde_json::Value;

use super::error::ProviderError;
use crate::domain::{InquiryId, InquiryStatus, ReferenceId, TemplateId, TemplateVersionId};

/// Which flow a new inquiry runs: a template's latest published version, or one pinned version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplateRef {
    Template(TemplateId),
    Version(TemplateVersionId),
}

/// `POST /inquiries`. Build with [`CreateInquiry::new`] and set what applies.
#[derive(Clone, PartialEq)]
pub struct CreateInquiry {
    pub template: TemplateRef,
    pub reference_id: Option<ReferenceId>,
    /// Prefill, field name to plain value: `"name-first": "Ana"`, `"birthdate": "1990-01-01"`.
    pub fields: BTreeMap<String, Value>,
    pub redirect_uri: Option<String>,
    pub note: Option<String>,
    pub tags: Vec<String>,
    pub auto_create_account_reference_id: Option<ReferenceId>,
    /// Ask for a session at creation; the answer must then carry `meta.session-token`.
    pub auto_create_inquiry_session: bool,
    /// Ask for a one-time link at creation; the answer must then carry `meta.one-time-link`.
    pub auto_create_one_time_link: bool,
    pub expiration_after_create_interval_seconds: Option<u64>,
    pub expiration_after_start_interval_seconds: Option<u64>,
    pub expiration_after_resume_interval_seconds: Option<u64>,
}

impl CreateInquiry {
    pub fn new(template: TemplateRef) -> Self {
        Self {
            template,
            reference_id: None,
            fields: BTreeMap::new(),
            redirect_uri: None,
            note: None,
            tags: Vec::new(),
            auto_create_account_reference_id: None,
            auto_create_inquiry_session: false,
            auto_create_one_time_link: false,
            expiration_after_create_interval_seconds: None,
            expiration_after_start_interval_seconds: None,
            expiration_after_resume_interval_seconds: None,
        }
    }

    /// The JSON:API body: `{"data": {"attributes": {…}}, "meta": {…}}`, kebab-case, with
    /// unset options left out so the template's defaults apply.
    pub(crate) fn to_body(&self) -> Result<Value, ProviderError> {
        let (template_id, template_version_id) = match &self.template {
            TemplateRef::Template(id) => (Some(id), None),
            TemplateRef::Version(id) => (None, Some(id)),
        };
        let body = CreateBody {
            data: CreateData {
                attributes: CreateAttributes {
                    inquiry_template_id: template_id,
                    inquiry_template_version_id: template_version_id,
                    reference_id: self.reference_id.as_ref(),
                    fields: &self.fields,
                    redirect_uri: self.redirect_uri.as_deref(),
                    note: self.note.as_deref(),
                    tags: &self.tags,
                },
            },
            meta: CreateMeta {
                auto_create_account_reference_id: self.auto_create_account_reference_id.as_ref(),
                auto_create_inquiry_session: self.auto_create_inquiry_session.then_some(true),
                auto_create_one_time_link: self.auto_create_one_time_link.then_some(true),
                expiration_after_create_interval_seconds: self
                    .expiration_after_create_interval_seconds,
                expiration_after_start_interval_seconds: self
                    .expiration_after_start_interval_seconds,
                expiration_after_resume_interval_seconds: self
                    .expiration_after_resume_interval_seconds,
            },
        };
        serde_json::to_value(body).map_err(|e| ProviderError::InvalidRequest {
            message: format!("cannot serialise the inquiry: {e}"),
        })
    }
}

// Hand-written so that `{:?}` never prints prefill values (PII) or the note.
impl fmt::Debug for CreateInquiry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreateInquiry")
            .field("template", &self.template)
            .field("reference_id", &self.reference_id)
            .field("fields", &self.fields.keys().collect::<Vec<_>>())
            .field("redirect_uri", &self.redirect_uri)
            .field("note", &self.note.as_ref().map(|_| "<redacted>"))
            .field("tags", &self.tags)
            .field(
                "auto_create_account_reference_id",
                &self.auto_create_account_reference_id,
            )
            .field(
                "auto_create_inquiry_session",
                &self.auto_create_inquiry_session,
            )
            .field("auto_create_one_time_link", &self.auto_create_one_time_link)
            .field(
                "expiration_after_create_interval_seconds",
                &self.expiration_after_create_interval_seconds,
            )
            .field(
                "expiration_after_start_interval_seconds",
                &self.expiration_after_start_interval_seconds,
            )
            .field(
                "expiration_after_resume_interval_seconds",
                &self.expiration_after_resume_interval_seconds,
            )
            .finish()
    }
}

#[derive(Serialize)]
struct CreateBody<'a> {
    data: CreateData<'a>,
    meta: CreateMeta<'a>,
}

#[derive(Serialize)]
struct CreateData<'a> {
    attributes: CreateAttributes<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct CreateAttributes<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    inquiry_template_id: Option<&'a TemplateId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    inquiry_template_version_id: Option<&'a TemplateVersionId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reference_id: Option<&'a ReferenceId>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    fields: &'a BTreeMap<String, Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    redirect_uri: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tags: &'a [String],
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct CreateMeta<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    auto_create_account_reference_id: Option<&'a ReferenceId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    auto_create_inquiry_session: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    auto_create_one_time_link: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expiration_after_create_interval_seconds: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expiration_after_start_interval_seconds: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expiration_after_resume_interval_seconds: Option<u64>,
}

/// `GET /inquiries` filters and cursor; unset filters are left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListInquiries {
    pub reference_id: Option<ReferenceId>,
    pub status: Option<InquiryStatus>,
    pub template_id: Option<TemplateId>,
    pub page_size: Option<u32>,
    pub page_after: Option<InquiryId>,
}

impl ListInquiries {
    pub(crate) fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut query = Vec::new();
        if let Some(reference_id) = &self.reference_id {
            query.push(("filter[reference-id]", reference_id.to_string()));
        }
        if let Some(status) = &self.status {
            query.push(("filter[status]", status.to_string()));
        }
        if let Some(template_id) = &self.template_id {
            query.push(("filter[inquiry-template-id]", template_id.to_string()));
        }
        if let Some(size) = self.page_size {
            query.push(("page[size]", size.to_string()));
        }
        if let Some(after) = &self.page_after {
            query.push(("page[after]", after.to_string()));
        }
        query
    }
}

#[cfg(test)]
#[path = "../../tests/unit/provider_requests.rs"]
mod tests;
