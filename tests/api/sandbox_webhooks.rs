//! The sandbox's signed webhooks, delivered to a local receiver.

use std::time::Duration;

use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::Sha256;

use crate::{
    support::{
        eventually,
        sandbox::{complete_flow, create_inquiry, inquiry_id, set_faults, stats},
        spawn_app_with, TestApp,
    },
    webhook_receiver::{Delivery, Receiver},
};

async fn app_sending_to(receiver: &Receiver) -> TestApp {
    let url = receiver.url.clone();
    spawn_app_with(move |settings| settings.sandbox_webhook_url = Some(url)).await
}

/// Checks `Persona-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
fn signature_is_valid(secret: &str, delivery: &Delivery) -> bool {
    let mut timestamp = None;
    let mut digest = None;
    for part in delivery.signature.split(',') {
        match part.split_once('=') {
            Some(("t", value)) => timestamp = Some(value.to_owned()),
            Some(("v1", value)) => digest = Some(value.to_owned()),
            _ => {}
        }
    }
    let (Some(timestamp), Some(digest)) = (timestamp, digest) else {
        return false;
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{timestamp}.{}", delivery.body).as_bytes());
    let Ok(expected) = hex::decode(digest) else {
        return false;
    };
    mac.verify_slice(&expected).is_ok()
}

#[tokio::test]
async fn webhooks_arrive_signed_for_created_started_and_completed() {
    let receiver = Receiver::start(0).await;
    let app = app_sending_to(&receiver).await;
    let id = inquiry_id(&create_inquiry(&app, json!({"reference-id": "hooked"}), json!({})).await);
    complete_flow(&app, &id, "pass").await;
    let arrived = eventually(Duration::from_secs(10), || async {
        receiver.deliveries().len() >= 3
    })
    .await;
    assert!(
        arrived,
        "three webhooks should arrive, got {:?}",
        receiver.names()
    );
    assert_eq!(
        receiver.names(),
        ["inquiry.created", "inquiry.started", "inquiry.completed"]
    );
    let secret = app.settings.webhook_secret().unwrap();
    for delivery in receiver.deliveries() {
        assert!(
            signature_is_valid(&secret, &delivery),
            "bad signature on {}",
            delivery.event_name()
        );
        assert!(!signature_is_valid("another-secret", &delivery));
        let event = delivery.json();
        assert!(event["data"]["id"].as_str().unwrap().starts_with("evt_"));
        assert_eq!(event["data"]["type"], "event");
        assert_eq!(
            event["data"]["attributes"]["payload"]["data"]["id"],
            json!(id)
        );
        assert_eq!(
            event["data"]["attributes"]["payload"]["data"]["attributes"]["reference-id"],
            "hooked"
        );
    }
    let completed = receiver.deliveries()[2].json();
    assert_eq!(
        completed["data"]["attributes"]["payload"]["data"]["attributes"]["status"],
        "completed"
    );
}

#[tokio::test]
async fn a_webhook_is_retried_when_the_receiver_first_answers_500() {
    let receiver = Receiver::start(1).await;
    let app = app_sending_to(&receiver).await;
    create_inquiry(&app, json!({}), json!({})).await;
    let arrived = eventually(Duration::from_secs(15), || async {
        !receiver.deliveries().is_empty()
    })
    .await;
    assert!(arrived, "the created event should arrive on the retry");
    assert_eq!(
        receiver.attempts(),
        2,
        "one refused attempt, then one delivery"
    );
    assert_eq!(receiver.names(), ["inquiry.created"]);
}

#[tokio::test]
async fn webhooks_are_dropped_when_fault_injection_says_so() {
    let receiver = Receiver::start(0).await;
    let app = app_sending_to(&receiver).await;
    set_faults(&app, json!({"drop_webhooks": true})).await;
    create_inquiry(&app, json!({}), json!({})).await;
    let dropped = eventually(Duration::from_secs(10), || async {
        stats(&app).await["webhooks_dropped"] == 1
    })
    .await;
    assert!(dropped, "the created event should be dropped");
    assert_eq!(receiver.attempts(), 0);
    set_faults(&app, json!({"drop_webhooks": false})).await;
    create_inquiry(&app, json!({}), json!({})).await;
    let arrived = eventually(Duration::from_secs(10), || async {
        receiver.deliveries().len() == 1
    })
    .await;
    assert!(arrived, "later events are delivered again");
}

#[tokio::test]
async fn an_inquiry_that_expires_by_time_sends_inquiry_expired_without_being_read() {
    let receiver = Receiver::start(0).await;
    let app = app_sending_to(&receiver).await;
    create_inquiry(
        &app,
        json!({}),
        json!({"expiration-after-create-interval-seconds": 1}),
    )
    .await;
    let expired = eventually(Duration::from_secs(10), || async {
        receiver.names().contains(&"inquiry.expired".to_owned())
    })
    .await;
    assert!(
        expired,
        "the background sweep should expire the inquiry, got {:?}",
        receiver.names()
    );
}

#[tokio::test]
async fn during_a_secret_rotation_the_portal_accepts_the_sandbox_webhooks() {
    // `PERSONA_WEBHOOK_SECRET=old,new`: the portal verifies with either secret, and the
    // sandbox, delivering to the portal's own `/webhooks/persona`, signs with both.
    let app = spawn_app_with(|settings| {
        settings.persona_webhook_secret = Some("whsec_old_rotating,whsec_new_rotating".into())
    })
    .await;
    create_inquiry(&app, json!({"reference-id": "rotated"}), json!({})).await;
    let accepted = eventually(Duration::from_secs(10), || async {
        stats(&app).await["webhooks_delivered"] == 1
    })
    .await;
    assert!(
        accepted,
        "the portal should accept the created event, stats: {}",
        stats(&app).await
    );
}
