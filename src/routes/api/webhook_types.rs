//! The tenant API's webhook bodies (kept apart from `types` so each file stays one topic).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    entities::{webhook_attempts, webhook_endpoints},
    repo::webhook_deliveries::DeliveryRow,
};

fn iso(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .map(|at| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

fn iso_ms(unix_ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(unix_ms)
        .map(|at| at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default()
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateWebhookEndpointBody {
    /// Where events are POSTed: https and a public address.
    pub url: String,
    /// Event types to receive (`link.issued`, `inquiry.completed`, …); all when omitted or empty.
    pub events: Option<Vec<String>>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplayFailedBody {
    /// Replays every delivery created since this time (RFC 3339) that did not get through.
    pub since: String,
}

#[derive(Serialize, ToSchema)]
pub struct WebhookEndpointBody {
    /// The endpoint's id (`whep_…`).
    pub id: String,
    pub url: String,
    /// The subscribed event types; empty means every event.
    pub events: Vec<String>,
    pub enabled: bool,
    /// Why the portal disabled it (every retry of a delivery failed).
    pub disabled_reason: Option<String>,
    /// Only when created: the `whsec_…` signing secret, shown this once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    /// Until when the previous secret also signs, after a rotation.
    pub previous_secret_expires_at: Option<String>,
    pub created_at: String,
}

impl WebhookEndpointBody {
    pub fn new(endpoint: &webhook_endpoints::Model, secret: Option<String>) -> Self {
        Self {
            id: endpoint.public_id.clone(),
            url: endpoint.url.clone(),
            events: endpoint
                .event_types
                .split(',')
                .filter(|name| !name.is_empty())
                .map(str::to_owned)
                .collect(),
            enabled: endpoint.enabled,
            disabled_reason: endpoint.disabled_reason.clone(),
            secret,
            previous_secret_expires_at: endpoint
                .previous_secret_until
                .filter(|until| *until > crate::db::now())
                .map(iso),
            created_at: iso(endpoint.created_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct WebhookEndpointListBody {
    pub data: Vec<WebhookEndpointBody>,
}

#[derive(Serialize, ToSchema)]
pub struct WebhookAttemptBody {
    pub attempt: i32,
    pub attempted_at: String,
    /// The endpoint's HTTP status; absent when no answer came.
    pub status_code: Option<i32>,
    pub latency_ms: i64,
    /// At most 1 KB of the answer.
    pub response_body: String,
    pub error: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct WebhookDeliveryBody {
    /// The delivery's id (`whd_…`), for a replay.
    pub id: String,
    /// The `webhook-id` header (`msg_…`), the same for every attempt.
    pub event_id: String,
    pub event_type: String,
    pub sequence: i64,
    /// `queued`, `delivered` or `exhausted`.
    pub status: String,
    pub attempts: i32,
    pub last_status_code: Option<i32>,
    /// When a queued delivery is next attempted.
    pub next_attempt_at: Option<String>,
    pub created_at: String,
    /// This delivery's attempts, newest first.
    pub log: Vec<WebhookAttemptBody>,
}

impl WebhookDeliveryBody {
    pub fn new((delivery, event): &DeliveryRow, attempts: &[webhook_attempts::Model]) -> Self {
        let queued = delivery.status == crate::domain::DeliveryStatus::Queued;
        Self {
            id: delivery.public_id.clone(),
            event_id: event
                .as_ref()
                .map(|e| e.public_id.clone())
                .unwrap_or_default(),
            event_type: event
                .as_ref()
                .map(|e| e.event_type.to_string())
                .unwrap_or_default(),
            sequence: event.as_ref().map_or(0, |e| e.sequence),
            status: delivery.status.to_string(),
            attempts: delivery.attempts,
            last_status_code: delivery.last_status_code,
            next_attempt_at: queued.then(|| iso_ms(delivery.next_attempt_at_ms)),
            created_at: iso(delivery.created_at),
            log: attempts
                .iter()
                .filter(|attempt| attempt.delivery_id == delivery.id)
                .map(|attempt| WebhookAttemptBody {
                    attempt: attempt.attempt,
                    attempted_at: iso_ms(attempt.attempted_at),
                    status_code: attempt.status_code,
                    latency_ms: attempt.latency_ms,
                    response_body: attempt.response_body.clone(),
                    error: attempt.error.clone(),
                })
                .collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct WebhookDeliveryListBody {
    pub data: Vec<WebhookDeliveryBody>,
}

#[derive(Serialize, ToSchema)]
pub struct ReplayedBody {
    /// How many deliveries were queued again.
    pub replayed: u64,
}
