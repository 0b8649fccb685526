//! The delivery worker: claims due deliveries with a lease (compare-and-swap, so two
//! instances never attempt one delivery at once), sends each signed, logs the attempt and
//! schedules the retry, or gives up and disables the endpoint after the last one.

use std::{collections::BTreeMap, sync::Arc, time::Instant};

use actix_web::web;
use tokio::sync::Semaphore;

use crate::{
    db::now,
    domain::{random_token, DeliveryStatus},
    entities::{webhook_deliveries, webhook_endpoints, webhook_events},
    error::AppError,
    repo::{self, audit::AuditEntry, webhook_deliveries::AttemptRecord, webhook_outbox::now_ms},
    state::AppState,
};

use super::{address, endpoints::secret_context, signing};

/// The most deliveries one pass takes on.
const BATCH: u64 = 200;
/// How much of an answer's body the log keeps.
pub const MAX_LOGGED_BODY: usize = 1024;

/// One pass: every due delivery this instance could lease is attempted once (at most
/// `concurrency_per_endpoint` at a time per endpoint). Returns how many were attempted.
pub async fn run_once(state: &web::Data<AppState>) -> Result<usize, AppError> {
    let db = &state.db.connection;
    let at = now_ms();
    let lease_until = at + state.settings.tenant_webhooks.lease.as_millis() as i64;
    let mut by_endpoint: BTreeMap<i32, Vec<(webhook_deliveries::Model, String)>> = BTreeMap::new();
    for delivery in repo::webhook_deliveries::due(db, at, BATCH).await? {
        let token = random_token(12);
        if repo::webhook_deliveries::claim(db, delivery.id, at, lease_until, &token).await? {
            by_endpoint
                .entry(delivery.endpoint_id)
                .or_default()
                .push((delivery, token));
        }
    }
    let limit = state
        .settings
        .tenant_webhooks
        .concurrency_per_endpoint
        .max(1);
    let attempted = by_endpoint.values().map(Vec::len).sum();
    let mut tasks = tokio::task::JoinSet::new();
    for deliveries in by_endpoint.into_values() {
        let permits = Arc::new(Semaphore::new(limit));
        for (delivery, token) in deliveries {
            let (state, permits) = (state.clone(), permits.clone());
            tasks.spawn(async move {
                let _permit = permits.acquire_owned().await;
                if let Err(error) = attempt(&state, &delivery, &token).await {
                    log::warn!(
                        "webhook delivery {} failed to run: {error}",
                        delivery.public_id
                    );
                }
            });
        }
    }
    while tasks.join_next().await.is_some() {}
    Ok(attempted)
}

/// What one attempt got back.
struct Answer {
    status_code: Option<i32>,
    body: String,
    error: Option<String>,
}

async fn attempt(
    state: &AppState,
    delivery: &webhook_deliveries::Model,
    token: &str,
) -> Result<(), AppError> {
    let db = &state.db.connection;
    let Some(endpoint) = repo::webhook_endpoints::find_by_id(db, delivery.endpoint_id).await?
    else {
        return Ok(());
    };
    let Some(event) = repo::webhook_deliveries::event(db, delivery.event_id).await? else {
        return Ok(());
    };
    let started_ms = now_ms();
    let started = Instant::now();
    let answer = send(state, &endpoint, &event).await;
    let latency_ms = started.elapsed().as_millis() as i64;
    let attempt = delivery.attempts + 1;
    let succeeded = answer
        .status_code
        .is_some_and(|code| (200..300).contains(&code));
    let schedule = &state.settings.tenant_webhooks.retry_schedule;
    let (status, next_at) = if succeeded {
        (DeliveryStatus::Delivered, started_ms)
    } else {
        match schedule.get(delivery.attempts.max(0) as usize) {
            Some(wait) => (DeliveryStatus::Queued, now_ms() + wait.as_millis() as i64),
            None => (DeliveryStatus::Exhausted, now_ms()),
        }
    };
    let record = AttemptRecord {
        attempt,
        attempted_at_ms: started_ms,
        status_code: answer.status_code,
        latency_ms,
        response_body: answer.body,
        error: answer.error,
    };
    let write = state.db.begin_write().await?;
    let applied =
        repo::webhook_deliveries::finish(&*write, delivery, token, record, status, next_at).await?;
    if applied && status == DeliveryStatus::Exhausted {
        give_up(&*write, &endpoint).await?;
    }
    write.commit().await?;
    crate::metrics::global().webhook_delivery(match status {
        DeliveryStatus::Delivered => "delivered",
        DeliveryStatus::Queued => "retrying",
        DeliveryStatus::Exhausted => "exhausted",
    });
    Ok(())
}

/// After the last retry: the endpoint is disabled (the dashboard says so) and audited.
async fn give_up(
    db: &impl sea_orm::ConnectionTrait,
    endpoint: &webhook_endpoints::Model,
) -> Result<(), AppError> {
    let reason = "Deliveries kept failing through every retry; fix the receiver, enable the \
                  endpoint and replay the failed deliveries.";
    if repo::webhook_endpoints::disable_after_failures(db, endpoint.id, reason).await? {
        repo::audit::record(
            db,
            AuditEntry {
                tenant_id: Some(endpoint.tenant_id),
                actor: "system:webhooks",
                action: "webhook_endpoint.disabled",
                subject: Some(&format!("webhook_endpoint:{}", endpoint.public_id)),
                details: Some(serde_json::json!({ "reason": "retries exhausted" })),
            },
        )
        .await?;
    }
    Ok(())
}

/// The endpoint's secrets that sign now: the current one, and the previous one during
/// the overlap after a rotation.
fn signing_secrets(state: &AppState, endpoint: &webhook_endpoints::Model) -> Vec<String> {
    let context = secret_context(endpoint.tenant_id);
    let mut secrets = Vec::new();
    if let Ok(secret) = state.cipher.decrypt(&endpoint.secret_encrypted, &context) {
        secrets.push(secret);
    }
    let overlapping = endpoint
        .previous_secret_until
        .is_some_and(|until| until > now());
    if let (true, Some(previous)) = (overlapping, &endpoint.previous_secret_encrypted) {
        if let Ok(secret) = state.cipher.decrypt(previous, &context) {
            secrets.push(secret);
        }
    }
    secrets
}

async fn send(
    state: &AppState,
    endpoint: &webhook_endpoints::Model,
    event: &webhook_events::Model,
) -> Answer {
    let failed = |error: String| Answer {
        status_code: None,
        body: String::new(),
        error: Some(error),
    };
    let settings = &state.settings.tenant_webhooks;
    let url = match address::parse_url(&endpoint.url, settings.allow_private) {
        Ok(url) => url,
        Err(message) => return failed(format!("refused: {message}")),
    };
    let target = match address::resolve_checked(&url, settings.allow_private).await {
        Ok(target) => target,
        Err(message) => return failed(format!("refused: {message}")),
    };
    let mut builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(settings.timeout)
        .user_agent("inquiry-portal-webhooks/1");
    if let Some(url::Host::Domain(name)) = url.host() {
        builder = builder.resolve(name, target);
    }
    let client = match builder.build() {
        Ok(client) => client,
        Err(error) => return failed(format!("client: {error}")),
    };
    let timestamp = now();
    let signature = signing::signature_header(
        &signing_secrets(state, endpoint),
        &event.public_id,
        timestamp,
        &event.body,
    );
    let sent = client
        .post(url)
        .header("content-type", "application/json")
        .header("webhook-id", &event.public_id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(event.body.clone())
        .send()
        .await;
    match sent {
        Ok(response) => Answer {
            status_code: Some(i32::from(response.status().as_u16())),
            body: read_truncated(response).await,
            error: None,
        },
        Err(error) if error.is_timeout() => failed("timed out".into()),
        Err(error) if error.is_connect() => failed("could not connect".into()),
        Err(_) => failed("the request failed".into()),
    }
}

/// At most [`MAX_LOGGED_BODY`] bytes of the answer, as text.
async fn read_truncated(mut response: reqwest::Response) -> String {
    let mut body = Vec::new();
    while body.len() < MAX_LOGGED_BODY {
        match response.chunk().await {
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            _ => break,
        }
    }
    body.truncate(MAX_LOGGED_BODY);
    let mut text = String::from_utf8_lossy(&body).into_owned();
    while text.len() > MAX_LOGGED_BODY {
        text.pop();
    }
    text
}
