//! Tenant webhooks (DESIGN 13.4) against a receiver that verifies every delivery with the
//! `standardwebhooks` package from PyPI.

mod client_limits;
mod delivery;
mod instances;
mod mail_events;
mod pages;
mod safety;

use std::time::{Duration, Instant};

use inquiry_portal::{config::Settings, entities::tenants, tenant_webhooks::worker};
use serde_json::{json, Value};

use crate::support::{receiver::Receiver, spawn_app_with, status::WEBHOOK_SECRET, TestApp};

/// Retries a millisecond apart, three of them: a test sees the whole schedule at once.
pub fn fast_retries(settings: &mut Settings) {
    settings.persona_webhook_secret = Some(WEBHOOK_SECRET.into());
    settings.tenant_webhooks.retry_schedule = vec![Duration::from_millis(1); 3];
    settings.tenant_webhooks.timeout = Duration::from_secs(5);
}

pub struct Setup {
    pub app: TestApp,
    pub tenant: tenants::Model,
    pub key: String,
    pub template_id: String,
}

pub async fn setup(configure: impl FnOnce(&mut Settings)) -> Setup {
    let app = spawn_app_with(|settings| {
        fast_retries(settings);
        configure(settings);
    })
    .await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let template = app.connect_demo_template(&tenant).await;
    let key = app.api_key(&tenant).await;
    Setup {
        app,
        tenant,
        key,
        template_id: template.provider_template_id,
    }
}

impl Setup {
    /// Registers `url` through the API; returns the endpoint JSON (with its secret).
    pub async fn register(&self, url: &str, events: &[&str]) -> Value {
        let (status, body) = self
            .app
            .api_post(
                &self.key,
                "/api/v1/webhook-endpoints",
                &json!({"url": url, "events": events}),
            )
            .await;
        assert_eq!(status, 201, "registration failed: {body}");
        assert!(body["secret"].as_str().unwrap().starts_with("whsec_"));
        body
    }

    /// Registers the receiver for every event and tells it the secret.
    pub async fn register_receiver(&self, receiver: &Receiver) -> Value {
        let endpoint = self.register(&receiver.url(), &[]).await;
        receiver
            .verify_with(endpoint["secret"].as_str().unwrap())
            .await;
        endpoint
    }

    pub async fn issue_link(&self) -> Value {
        self.app
            .issue_dedicated(
                &self.key,
                &self.template_id,
                json!({"reference_id": "cust-42"}),
            )
            .await
    }

    pub async fn deliveries(&self, endpoint: &Value) -> Vec<Value> {
        let path = format!(
            "/api/v1/webhook-endpoints/{}/deliveries",
            endpoint["id"].as_str().unwrap()
        );
        let (status, body) = self.app.api_get(&self.key, &path).await;
        assert_eq!(status, 200, "{body}");
        body["data"].as_array().cloned().unwrap_or_default()
    }
}

/// Runs worker passes on `app` until `done` says so (or fails after ten seconds).
pub async fn deliver_until<F, Fut>(app: &TestApp, mut done: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        worker::run_once(&app.state).await.expect("a worker pass");
        if done().await {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "deliveries did not get through in time"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The accepted deliveries' `type`s, in `sequence` order, for one inquiry.
pub fn types_in_sequence(bodies: &[Value], inquiry_id: &str) -> Vec<(i64, String)> {
    let mut found: Vec<(i64, String)> = bodies
        .iter()
        .filter(|body| body["data"]["inquiry_id"] == inquiry_id)
        .map(|body| {
            (
                body["sequence"].as_i64().unwrap(),
                body["type"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    found.sort();
    found
}
