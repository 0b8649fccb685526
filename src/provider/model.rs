//! The provider's resources as the portal uses them: typed, validated, and normalised from
//! whichever style of payload the provider sent.

use std::{collections::BTreeMap, fmt};

use chrono::{DateTime, Utc};

use super::secrets::{OneTimeLink, SessionToken};
use crate::domain::{InquiryId, InquiryStatus, ReferenceId, TemplateId, TemplateVersionId};

/// An inquiry's status as the provider reported it. Persona may add statuses the portal
/// does not know yet; parsing never fails on one: it is kept by name as `Unknown`, and the
/// portal leaves its stored status as it was (the reconciler skips it, a resume does not
/// record it, and a new inquiry reported in one is recorded as `created`, which it was a
/// moment before). Compares equal to the [`InquiryStatus`] it is known as.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ReportedStatus {
    Known(InquiryStatus),
    Unknown(String),
}

impl ReportedStatus {
    /// Never fails: the provider may add statuses, and the portal must keep working.
    /// Case and `-`/`_` are normalised (`needs-review` is `needs_review`).
    pub fn parse(input: &str) -> Self {
        let normalised = input.trim().to_ascii_lowercase().replace('-', "_");
        match InquiryStatus::from_stored(&normalised) {
            Some(status) => Self::Known(status),
            None => Self::Unknown(input.trim().to_owned()),
        }
    }

    /// The status, when the portal knows it.
    pub fn known(&self) -> Option<InquiryStatus> {
        match self {
            Self::Known(status) => Some(*status),
            Self::Unknown(_) => None,
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Known(status) => status.as_str(),
            Self::Unknown(other) => other,
        }
    }

    /// The end user has nothing left to do; never true of an unknown status.
    pub fn is_terminal(&self) -> bool {
        self.known().is_some_and(InquiryStatus::is_terminal)
    }
}

impl From<InquiryStatus> for ReportedStatus {
    fn from(status: InquiryStatus) -> Self {
        Self::Known(status)
    }
}

impl PartialEq<InquiryStatus> for ReportedStatus {
    fn eq(&self, other: &InquiryStatus) -> bool {
        self.known() == Some(*other)
    }
}

impl fmt::Display for ReportedStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for ReportedStatus {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for ReportedStatus {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Ok(Self::parse(&raw))
    }
}

/// One inquiry. `fields` holds plain values (`"name-first": "Ana"`), whether the provider
/// sent the typed `fields` map or the old flat attributes.
#[derive(Clone, PartialEq)]
pub struct Inquiry {
    pub id: InquiryId,
    pub status: ReportedStatus,
    pub reference_id: Option<ReferenceId>,
    pub template_id: Option<TemplateId>,
    pub template_version_id: Option<TemplateVersionId>,
    pub account_id: Option<String>,
    pub note: Option<String>,
    pub tags: Vec<String>,
    pub created_at: Option<DateTime<Utc>>,
    pub started_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub failed_at: Option<DateTime<Utc>>,
    pub expired_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub fields: BTreeMap<String, serde_json::Value>,
    /// Ids of the inquiry's sessions, from `relationships.sessions`.
    pub session_ids: Vec<String>,
}

// Hand-written so that `{:?}` shows which fields are set but never their values (PII).
impl fmt::Debug for Inquiry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Inquiry")
            .field("id", &self.id)
            .field("status", &self.status)
            .field("reference_id", &self.reference_id)
            .field("template_id", &self.template_id)
            .field("template_version_id", &self.template_version_id)
            .field("account_id", &self.account_id)
            .field("note", &self.note.as_ref().map(|_| "<redacted>"))
            .field("tags", &self.tags)
            .field("created_at", &self.created_at)
            .field("started_at", &self.started_at)
            .field("completed_at", &self.completed_at)
            .field("failed_at", &self.failed_at)
            .field("expired_at", &self.expired_at)
            .field("expires_at", &self.expires_at)
            .field("fields", &self.fields.keys().collect::<Vec<_>>())
            .field("session_ids", &self.session_ids)
            .finish()
    }
}

/// An inquiry session (`inquiry-session`); its expiry is the inquiry's at session creation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub id: String,
    pub status: String,
    pub created_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct InquiryWithSessions {
    pub inquiry: Inquiry,
    /// The sessions in `included`; empty unless asked for with `include_sessions`.
    pub sessions: Vec<Session>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CreatedInquiry {
    pub inquiry: Inquiry,
    /// Present when the request set `auto_create_inquiry_session`.
    pub session_token: Option<SessionToken>,
    /// Present when the request set `auto_create_one_time_link`.
    pub one_time_link: Option<OneTimeLink>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ResumedInquiry {
    pub inquiry: Inquiry,
    pub session_token: SessionToken,
}

#[derive(Clone, Debug, PartialEq)]
pub struct InquiryPage {
    pub inquiries: Vec<Inquiry>,
    /// Pass as `page_after` to get the next page; `None` on the last page.
    pub next_cursor: Option<InquiryId>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    pub id: TemplateId,
    pub name: String,
    pub status: Option<String>,
    pub latest_published_version_id: Option<TemplateVersionId>,
}

/// One version of a template. The expiration intervals are read when the provider sends
/// them (the embedded sandbox does); `None` means "the template's default".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateVersion {
    pub id: TemplateVersionId,
    pub template_id: Option<TemplateId>,
    pub name: Option<String>,
    pub status: Option<String>,
    pub live: bool,
    pub published_at: Option<DateTime<Utc>>,
    pub created_at: Option<DateTime<Utc>>,
    pub expiration_after_create_interval_seconds: Option<u64>,
    pub expiration_after_start_interval_seconds: Option<u64>,
    pub expiration_after_resume_interval_seconds: Option<u64>,
}

impl TemplateVersion {
    pub fn is_published(&self) -> bool {
        self.status.as_deref() == Some("published") || self.published_at.is_some()
    }
}

#[cfg(test)]
#[path = "../../tests/unit/provider_model.rs"]
mod tests;
