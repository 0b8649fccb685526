//! JSON:API documents as the provider sends them (kebab-case keys), read leniently: unknown
//! members are ignored, missing ones default, and `null` counts as absent.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{de::DeserializeOwned, Deserialize};
use serde_json::{Map, Value};
use url::Url;

use super::{
    error::ProviderError,
    model::{Inquiry, ReportedStatus, Session, Template, TemplateVersion},
};
use crate::domain::{InquiryId, ReferenceId, TemplateId, TemplateVersionId};

#[derive(Deserialize)]
pub(crate) struct Document<D> {
    pub data: D,
    #[serde(default)]
    pub included: Vec<Resource<Value>>,
    #[serde(default)]
    pub meta: Option<Meta>,
    #[serde(default)]
    pub links: Option<Links>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct Meta {
    pub session_token: Option<String>,
    pub one_time_link: Option<String>,
}

#[derive(Deserialize, Default)]
pub(crate) struct Links {
    pub next: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct Resource<A> {
    #[serde(rename = "type", default)]
    pub kind: String,
    pub id: String,
    pub attributes: A,
    #[serde(default)]
    pub relationships: BTreeMap<String, Relationship>,
}

#[derive(Deserialize, Default)]
pub(crate) struct Relationship {
    #[serde(default)]
    data: Option<Linkage>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Linkage {
    One(Identifier),
    Many(Vec<Identifier>),
}

#[derive(Deserialize)]
struct Identifier {
    id: String,
}

impl<A> Resource<A> {
    fn related_id(&self, name: &str) -> Option<&str> {
        match self.relationships.get(name)?.data.as_ref()? {
            Linkage::One(identifier) => Some(identifier.id.as_str()),
            Linkage::Many(_) => None,
        }
    }

    fn related_ids(&self, name: &str) -> Vec<String> {
        match self.relationships.get(name).and_then(|r| r.data.as_ref()) {
            Some(Linkage::Many(ids)) => ids.iter().map(|i| i.id.clone()).collect(),
            Some(Linkage::One(identifier)) => vec![identifier.id.clone()],
            None => Vec::new(),
        }
    }
}

/// Parses a whole answer; a payload that does not fit is a `Decode` error naming `what`.
pub(crate) fn parse<T: DeserializeOwned>(what: &str, body: &[u8]) -> Result<T, ProviderError> {
    serde_json::from_slice(body).map_err(|e| ProviderError::decode(what, &e))
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct InquiryAttributes {
    status: ReportedStatus,
    reference_id: Option<String>,
    note: Option<String>,
    tags: Option<Vec<String>>,
    created_at: Option<DateTime<Utc>>,
    started_at: Option<DateTime<Utc>>,
    completed_at: Option<DateTime<Utc>>,
    failed_at: Option<DateTime<Utc>>,
    expired_at: Option<DateTime<Utc>>,
    expires_at: Option<DateTime<Utc>>,
    fields: Option<Map<String, Value>>,
    /// Everything else, where the old API style keeps the fields flat.
    #[serde(flatten)]
    rest: Map<String, Value>,
}

/// Field names the old API style sends as plain attributes next to `status`.
const FLAT_FIELDS: &[&str] = &[
    "name-first",
    "name-middle",
    "name-last",
    "birthdate",
    "email-address",
    "phone-number",
    "address-street-1",
    "address-street-2",
    "address-city",
    "address-subdivision",
    "address-subdivision-abbr",
    "address-postal-code",
    "address-postal-code-abbr",
    "address-country-code",
    "identification-number",
    "social-security-number",
    "selected-country-code",
];

pub(crate) type InquiryResource = Resource<InquiryAttributes>;

impl InquiryResource {
    pub(crate) fn into_inquiry(self) -> Result<Inquiry, ProviderError> {
        let invalid = |what: &str, message: String| ProviderError::Decode {
            message: format!("inquiry {what}: {message}"),
        };
        let id = InquiryId::parse(&self.id).map_err(|e| invalid("id", e))?;
        let related = |name: &str| self.related_id(name).map(str::to_owned);
        let template_id = related("inquiry-template")
            .map(|t| TemplateId::parse(&t))
            .transpose()
            .map_err(|e| invalid("template", e))?;
        let template_version_id = related("inquiry-template-version")
            .map(|v| TemplateVersionId::parse(&v))
            .transpose()
            .map_err(|e| invalid("template version", e))?;
        let account_id = related("account");
        let session_ids = self.related_ids("sessions");
        let a = self.attributes;
        let reference_id = a
            .reference_id
            .filter(|r| !r.trim().is_empty())
            .map(|r| ReferenceId::parse(&r))
            .transpose()
            .map_err(|e| invalid("reference id", e))?;
        Ok(Inquiry {
            id,
            status: a.status,
            reference_id,
            template_id,
            template_version_id,
            account_id,
            note: a.note,
            tags: a.tags.unwrap_or_default(),
            created_at: a.created_at,
            started_at: a.started_at,
            completed_at: a.completed_at,
            failed_at: a.failed_at,
            expired_at: a.expired_at,
            expires_at: a.expires_at,
            fields: normalise_fields(a.fields.unwrap_or_default(), &a.rest),
            session_ids,
        })
    }
}

/// Plain values from `{"name-first": {"type": "string", "value": "Ana"}}`, completed by the
/// old flat attributes; the typed map wins where both have a field, and nulls are dropped.
fn normalise_fields(
    typed: Map<String, Value>,
    flat: &Map<String, Value>,
) -> BTreeMap<String, Value> {
    let mut fields: BTreeMap<String, Value> = typed
        .into_iter()
        .map(|(name, value)| {
            let plain = match value {
                Value::Object(mut typed) if typed.contains_key("value") => {
                    typed.remove("value").unwrap_or(Value::Null)
                }
                other => other,
            };
            (name, plain)
        })
        .filter(|(_, value)| !value.is_null())
        .collect();
    for name in FLAT_FIELDS {
        match flat.get(*name) {
            Some(Value::Null) | None => {}
            Some(value) => {
                fields
                    .entry((*name).to_owned())
                    .or_insert_with(|| value.clone());
            }
        }
    }
    fields
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct SessionAttributes {
    #[serde(default)]
    status: Option<String>,
    created_at: Option<DateTime<Utc>>,
    expires_at: Option<DateTime<Utc>>,
}

/// The `inquiry-session` resources among `included`; other included kinds are skipped.
pub(crate) fn sessions(included: Vec<Resource<Value>>) -> Result<Vec<Session>, ProviderError> {
    included
        .into_iter()
        .filter(|r| matches!(r.kind.as_str(), "inquiry-session" | "session"))
        .map(|r| {
            let attributes: SessionAttributes = serde_json::from_value(r.attributes)
                .map_err(|e| ProviderError::decode("inquiry session", &e))?;
            Ok(Session {
                id: r.id,
                status: attributes.status.unwrap_or_default(),
                created_at: attributes.created_at,
                expires_at: attributes.expires_at,
            })
        })
        .collect()
}

/// The `page[after]` cursor of a `links.next` URL, which may be relative.
pub(crate) fn next_cursor(links: Option<Links>) -> Option<String> {
    let next = links?.next?;
    let base = Url::parse("http://provider.invalid/").ok()?;
    let url = base.join(&next).ok()?;
    url.query_pairs()
        .find(|(name, _)| name == "page[after]")
        .map(|(_, value)| value.into_owned())
        .filter(|value| !value.is_empty())
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct TemplateAttributes {
    name: Option<String>,
    status: Option<String>,
}

impl Resource<TemplateAttributes> {
    pub(crate) fn into_template(self) -> Result<Template, ProviderError> {
        let invalid = |message: String| ProviderError::Decode {
            message: format!("template: {message}"),
        };
        let latest = self
            .related_id("latest-published-version")
            .map(TemplateVersionId::parse)
            .transpose()
            .map_err(invalid)?;
        Ok(Template {
            id: TemplateId::parse(&self.id).map_err(invalid)?,
            name: self.attributes.name.unwrap_or_default(),
            status: self.attributes.status,
            latest_published_version_id: latest,
        })
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct TemplateVersionAttributes {
    name: Option<String>,
    name_display: Option<String>,
    status: Option<String>,
    live: Option<bool>,
    published_at: Option<DateTime<Utc>>,
    created_at: Option<DateTime<Utc>>,
    expiration_after_create_interval_seconds: Option<u64>,
    expiration_after_start_interval_seconds: Option<u64>,
    expiration_after_resume_interval_seconds: Option<u64>,
}

impl Resource<TemplateVersionAttributes> {
    pub(crate) fn into_template_version(self) -> Result<TemplateVersion, ProviderError> {
        let invalid = |message: String| ProviderError::Decode {
            message: format!("template version: {message}"),
        };
        let template_id = self
            .related_id("inquiry-template")
            .map(TemplateId::parse)
            .transpose()
            .map_err(invalid)?;
        let a = self.attributes;
        Ok(TemplateVersion {
            id: TemplateVersionId::parse(&self.id).map_err(invalid)?,
            template_id,
            name: a.name_display.or(a.name),
            status: a.status,
            live: a.live.unwrap_or(false),
            published_at: a.published_at,
            created_at: a.created_at,
            expiration_after_create_interval_seconds: a.expiration_after_create_interval_seconds,
            expiration_after_start_interval_seconds: a.expiration_after_start_interval_seconds,
            expiration_after_resume_interval_seconds: a.expiration_after_resume_interval_seconds,
        })
    }
}

#[cfg(test)]
#[path = "../../tests/unit/provider_wire.rs"]
mod tests;
