//! The `/webhooks` pages, the audit trail and the metrics.

use serde_json::json;

use super::{deliver_until, setup};
use crate::support::{client, form_key_for, receiver::Receiver};

#[tokio::test]
async fn the_webhooks_page_refuses_a_loopback_url_next_to_the_field_and_creates_nothing() {
    let setup = setup(|settings| settings.tenant_webhooks.allow_private = false).await;
    let browser = client();
    setup.app.login(&browser, "owner@acme.test").await;
    let page = browser
        .get(setup.app.url("/webhooks"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let form_key = form_key_for(&page, "/webhooks").unwrap();
    let csrf = crate::support::csrf_token(&page);
    let fields = [
        ("url", "https://localhost/hook"),
        ("events", "link.issued"),
        ("form_key", form_key.as_str()),
        ("csrf_token", csrf.as_str()),
    ];
    let refused = browser
        .post(setup.app.url("/webhooks"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("field-url-error") || html.contains("url-error"),
        "the error sits at the field"
    );
    assert!(html.contains("not a public address"));
    assert!(
        html.contains("value=\"https://localhost/hook\""),
        "the input is kept"
    );
    let (_, listed) = setup
        .app
        .api_get(&setup.key, "/api/v1/webhook-endpoints")
        .await;
    assert_eq!(listed["data"], json!([]));
}

#[tokio::test]
async fn endpoint_changes_and_replays_are_audited_and_deliveries_are_counted_in_the_metrics() {
    let setup = setup(|_| {}).await;
    let receiver = Receiver::start();
    let endpoint = setup.register_receiver(&receiver).await;
    let id = endpoint["id"].as_str().unwrap();
    setup.issue_link().await;
    deliver_until(&setup.app, || async {
        !receiver.accepted_bodies().await.is_empty()
    })
    .await;
    let delivery = setup.deliveries(&endpoint).await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for path in [
        format!("/api/v1/webhook-endpoints/{id}/disable"),
        format!("/api/v1/webhook-endpoints/{id}/enable"),
        format!("/api/v1/webhook-endpoints/{id}/rotate-secret"),
        format!("/api/v1/webhook-deliveries/{delivery}/replay"),
    ] {
        let (status, body) = setup.app.api_post(&setup.key, &path, &json!({})).await;
        assert!(status == 200 || status == 202, "{path}: {status} {body}");
    }
    let metrics = reqwest::get(setup.app.url("/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("portal_webhook_outbox_depth 1"),
        "the replay is queued"
    );
    assert!(metrics.contains("portal_webhook_oldest_pending_seconds"));
    assert!(metrics.contains("portal_webhook_deliveries_total{outcome=\"delivered\"}"));
    let response = reqwest::Client::new()
        .delete(setup.app.url(&format!("/api/v1/webhook-endpoints/{id}")))
        .bearer_auth(&setup.key)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let browser = client();
    setup.app.login(&browser, "owner@acme.test").await;
    let audit = browser
        .get(setup.app.url("/audit"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for action in [
        "webhook_endpoint.created",
        "webhook_endpoint.disabled",
        "webhook_endpoint.enabled",
        "webhook_endpoint.secret_rotated",
        "webhook_delivery.replayed",
        "webhook_endpoint.deleted",
    ] {
        assert!(audit.contains(action), "{action} is in the audit trail");
    }
}
