//! The webhook body: `{"data": {"type": "event", "id": "evt_…", "attributes": {"name",
//! "created-at", "payload": {"data": <inquiry>}}}}`, read leniently (unknown members are
//! ignored) but strictly where the portal depends on a value.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::domain::InquiryId;

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
    Status(&'static str),
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
            "inquiry.created" => Meaning::Status("created"),
            "inquiry.started" => Meaning::Status("pending"),
            "inquiry.completed" => Meaning::Status("completed"),
            "inquiry.failed" => Meaning::Status("failed"),
            "inquiry.expired" => Meaning::Status("expired"),
            "inquiry.approved" => Meaning::Status("approved"),
            "inquiry.declined" => Meaning::Status("declined"),
            "inquiry.marked-for-review" => Meaning::Status("needs_review"),
            "inquiry.redacted" => Meaning::Redacted,
            _ => Meaning::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn body(name: &str, payload: serde_json::Value) -> Vec<u8> {
        json!({"data": {"type": "event", "id": "evt_123", "attributes": {
            "name": name, "created-at": "2026-01-05T10:00:00.000Z", "payload": payload
        }}})
        .to_string()
        .into_bytes()
    }

    #[test]
    fn an_inquiry_event_yields_its_id_time_and_expiry() {
        let event = Event::parse(&body(
            "inquiry.completed",
            json!({"data": {"type": "inquiry", "id": "inq_ABCDEFGHJKLMNPQRSTUVWXYZ", "attributes": {
                "status": "completed", "reference-id": "ref-1", "expires-at": "2026-01-06T10:00:00Z",
                "name-first": "Ana"
            }}}),
        ))
        .unwrap();
        assert_eq!(event.id, "evt_123");
        assert_eq!(event.meaning(), Meaning::Status("completed"));
        assert_eq!(event.created_at, 1_767_607_200);
        assert_eq!(
            event.inquiry_id.as_ref().map(InquiryId::as_str),
            Some("inq_ABCDEFGHJKLMNPQRSTUVWXYZ")
        );
        assert_eq!(event.expires_at, Some(1_767_693_600));
    }

    #[test]
    fn unknown_names_and_other_payloads_are_understood_as_other() {
        let event = Event::parse(&body(
            "account.created",
            json!({"data": {"type": "account", "id": "act_1"}}),
        ))
        .unwrap();
        assert_eq!(event.meaning(), Meaning::Other);
        assert_eq!(event.inquiry_id, None);
    }

    #[test]
    fn bodies_that_do_not_fit_are_refused_without_quoting_them() {
        for bad in [
            b"not json".to_vec(),
            br#"{"data":{}}"#.to_vec(),
            body(
                "inquiry.completed",
                json!({"data": {"type": "inquiry", "id": "secret-value"}}),
            ),
        ] {
            let error = Event::parse(&bad).unwrap_err();
            assert!(!error.contains("secret-value"), "{error}");
        }
    }
}
