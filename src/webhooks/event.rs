//! The webhook body: `{"data": {"type": "event", "id": "evt_…", "attributes": {"name",
//! "created-at", "payload": {"data": <inquiry>}}}}`, read leniently (unknown members are
//! ignored) but strictly where the portal depends on a value.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::domain::{InquiryId, InquiryStatus};

#[derive(Deserialize)]
struct Envelope {
    data: EventResource,
}

#[derive(Deserialize)]
struct EventResource {
    id: String,
    attributes: EventAttributes,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct EventAttributes {
    name: String,
    created_at: DateTime<Utc>,
    #[serde(default)]
    payload: Option<Payload>,
}

#[derive(Deserialize)]
struct Payload {
    #[serde(default)]
    data: Option<PayloadResource>,
}

#[derive(Deserialize)]
struct PayloadResource {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    id: String,
    #[serde(default)]
    attributes: Option<PayloadAttributes>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct PayloadAttributes {
    #[serde(default)]
    expires_at: Option<DateTime<Utc>>,
}

/// A verified, parsed event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub id: String,
    pub name: String,
    pub created_at: i64,
    /// The inquiry the payload is about, when it is one.
    pub inquiry_id: Option<InquiryId>,
    pub expires_at: Option<i64>,
}

/// What an event means for the portal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Meaning {
    /// The inquiry is now in this status.
    Status(InquiryStatus),
    /// The inquiry's personal data was deleted at the provider: recorded, nothing else.
    Redacted,
    /// An event the portal does not act on (the provider adds new ones).
    Other,
}

impl Event {
    /// Parses a body whose signature has been verified. The error is safe to show and
    /// log: it names what is wrong, never a value from the body.
    pub fn parse(body: &[u8]) -> Result<Self, String> {
        let envelope: Envelope = serde_json::from_slice(body).map_err(|e| {
            format!(
                "the event is not the expected JSON ({:?} error at line {}, column {})",
                e.classify(),
                e.line(),
                e.column()
            )
        })?;
        let event = envelope.data;
        let id = event.id.trim();
        let valid_id =
            !id.is_empty() && id.len() <= 120 && id.bytes().all(|b| b.is_ascii_graphic());
        if !valid_id {
            return Err("the event id is missing or not printable ASCII".into());
        }
        let name = event.attributes.name.trim().chars().take(80).collect();
        let resource = event.attributes.payload.and_then(|p| p.data);
        let (inquiry_id, expires_at) = match resource {
            Some(resource) if resource.kind.as_deref().is_none_or(|k| k == "inquiry") => {
                let inquiry_id = InquiryId::parse(&resource.id)
                    .map_err(|_| "the payload's inquiry id is not an inquiry id".to_owned())?;
                let expires_at = resource
                    .attributes
                    .unwrap_or_default()
                    .expires_at
                    .map(|at| at.timestamp());
                (Some(inquiry_id), expires_at)
            }
            _ => (None, None),
        };
        Ok(Self {
            id: id.to_owned(),
            name,
            created_at: event.attributes.created_at.timestamp(),
            inquiry_id,
            expires_at,
        })
    }

    pub fn meaning(&self) -> Meaning {
        match self.name.as_str() {
            "inquiry.created" => Meaning::Status(InquiryStatus::Created),
            "inquiry.started" => Meaning::Status(InquiryStatus::Pending),
            "inquiry.completed" => Meaning::Status(InquiryStatus::Completed),
            "inquiry.failed" => Meaning::Status(InquiryStatus::Failed),
            "inquiry.expired" => Meaning::Status(InquiryStatus::Expired),
            "inquiry.approved" => Meaning::Status(InquiryStatus::Approved),
            "inquiry.declined" => Meaning::Status(InquiryStatus::Declined),
            "inquiry.marked-for-review" => Meaning::Status(InquiryStatus::NeedsReview),
            "inquiry.redacted" => Meaning::Redacted,
            _ => Meaning::Other,
        }
    }
}

#[cfg(test)]
#[path = "../../tests/unit/webhooks_event.rs"]
mod tests;
