//! One tenant webhook event before it is written to the outbox: its type, the ids it
//! carries (never personal data or secrets) and the key its `sequence` counts under.

use serde_json::{Map, Value};

use super::WebhookEventType;

/// Built at the state change, then handed to `repo::webhook_outbox::enqueue` in the same
/// transaction.
#[derive(Clone, Debug, PartialEq)]
pub struct WebhookEvent {
    pub kind: WebhookEventType,
    /// The body's `data`: ids and reference ids only.
    pub data: Map<String, Value>,
    link_id: Option<String>,
    inquiry_id: Option<String>,
}

impl WebhookEvent {
    pub fn new(kind: WebhookEventType) -> Self {
        Self {
            kind,
            data: Map::new(),
            link_id: None,
            inquiry_id: None,
        }
    }

    /// The link's public id (`lnk_…`).
    pub fn link(mut self, public_id: &str) -> Self {
        self.link_id = Some(public_id.to_owned());
        self.data.insert("link_id".into(), public_id.into());
        self
    }

    /// The provider's inquiry id (`inq_…`).
    pub fn inquiry(mut self, inquiry_id: &str) -> Self {
        self.inquiry_id = Some(inquiry_id.to_owned());
        self.data.insert("inquiry_id".into(), inquiry_id.into());
        self
    }

    /// The tenant's own reference id, when the link has one.
    pub fn reference(mut self, reference_id: Option<&str>) -> Self {
        if let Some(reference) = reference_id {
            self.data.insert("reference_id".into(), reference.into());
        }
        self
    }

    /// Another non-personal fact (a status, an expiry time, a message id).
    pub fn detail(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.data.insert(name.into(), value.into());
        self
    }

    /// What `sequence` counts under: the inquiry, or the link when there is no inquiry,
    /// or the tenant as a whole for events about neither.
    pub fn sequence_key(&self, tenant_id: i32) -> String {
        match (&self.inquiry_id, &self.link_id) {
            (Some(inquiry), _) => format!("inquiry:{tenant_id}:{inquiry}"),
            (None, Some(link)) => format!("link:{tenant_id}:{link}"),
            (None, None) => format!("tenant:{tenant_id}"),
        }
    }
}
