//! The provider's resources as the portal uses them: typed, validated, and normalised from
//! whichever style of payload the provider sent.

use std::{collections::BTreeMap, fmt};

use chrono::{DateTime, Utc};

use super::secrets::{OneTimeLink, SessionToken};
use crate::domain::{InquiryId, ReferenceId, TemplateId, TemplateVersionId};

/// An inquiry's lifecycle: `created` → `pending` (started; from here the flow needs a session
/// token) → `completed` | `failed` | `expired`; after a decision `approved`, `declined`,
/// `needs_review`. Statuses added by the provider later are kept as `Unknown`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum InquiryStatus {
    Created,
    Pending,
    Completed,
    Failed,
    Expired,
    Approved,
    Declined,
    NeedsReview,
    Unknown(String),
}

impl InquiryStatus {
    /// Never fails: the provider may add statuses, and the portal must keep working.
    pub fn parse(input: &str) -> Self {
        match input.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "created" => Self::Created,
            "pending" => Self::Pending,
            "completed" => Self::Completed,
            "failed" => Self::Failed,
            "expired" => Self::Expired,
            "approved" => Self::Approved,
            "declined" => Self::Declined,
            "needs_review" => Self::NeedsReview,
            _ => Self::Unknown(input.trim().to_owned()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Created => "created",
            Self::Pending => "pending",
            Self::Completed => "completed",
            Self::Failed => "failed",
            Self::Expired => "expired",
            Self::Approved => "approved",
            Self::Declined => "declined",
            Self::NeedsReview => "needs_review",
            Self::Unknown(other) => other,
        }
    }

    /// The end user has nothing left to do: the provider answers 409 to a resume.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            Self::Completed | Self::Failed | Self::Approved | Self::Declined | Self::NeedsReview
        )
    }

    /// The end user may still continue, through a resume if need be.
    pub fn is_resumable(&self) -> bool {
        matches!(self, Self::Created | Self::Pending | Self::Expired)
    }

    /// Loading the hosted flow needs a session token (a `created` inquiry opens without one).
    pub fn needs_session_token(&self) -> bool {
        matches!(self, Self::Pending)
    }

    pub fn is_decided(&self) -> bool {
        matches!(self, Self::Approved | Self::Declined)
    }
}

impl fmt::Display for InquiryStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for InquiryStatus {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for InquiryStatus {
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
    pub status: InquiryStatus,
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
