//! Delivery, signatures, retries and replay, seen by the receiver.

use chrono::Utc;
use serde_json::{json, Value};

use super::{deliver_until, setup, types_in_sequence};
use crate::support::{
    links::browser,
    receiver::{free_port, Receiver},
    status::{deliver_signed, event_body},
    visitor::open_link,
};

async fn complete_at_provider(setup: &super::Setup, inquiry_id: &str) {
    let body = event_body(
        "evt_completed_1",
        "inquiry.completed",
        inquiry_id,
        Utc::now(),
    );
    deliver_signed(&setup.app, &body).await;
}

#[tokio::test]
async fn an_inquirys_life_reaches_the_receiver_signed_in_sequence_and_without_personal_data() {
    let setup = setup(|_| {}).await;
    let receiver = Receiver::start();
    setup.register_receiver(&receiver).await;
    let link = setup.issue_link().await;
    let inquiry_id = link["inquiry_id"].as_str().unwrap().to_owned();
    let opened = open_link(&browser(), link["url"].as_str().unwrap()).await;
    assert_eq!(opened.status, 303, "the first contact opens the flow");
    complete_at_provider(&setup, &inquiry_id).await;
    deliver_until(&setup.app, || async {
        receiver.accepted_bodies().await.len() >= 4
    })
    .await;

    let bodies = receiver.accepted_bodies().await;
    let expected = [
        "link.issued",
        "link.opened",
        "inquiry.status_changed",
        "inquiry.completed",
    ];
    let seen: Vec<(i64, String)> = types_in_sequence(&bodies, &inquiry_id);
    assert_eq!(
        seen,
        expected
            .iter()
            .enumerate()
            .map(|(i, t)| (i as i64 + 1, t.to_string()))
            .collect::<Vec<_>>()
    );
    let received = receiver.received().await;
    assert_eq!(
        received["rejected"],
        json!([]),
        "the verifier accepted every delivery"
    );
    for body in &bodies {
        assert_eq!(body["data"]["link_id"], link["id"]);
        assert_eq!(body["data"]["reference_id"], "cust-42");
        assert!(body["timestamp"].as_str().unwrap().ends_with('Z'));
        let text = body.to_string();
        for personal in ["Ana", "Pereira", "ana@example.test", "/l/", "token"] {
            assert!(!text.contains(personal), "{personal} leaked into {text}");
        }
    }
    let completed = bodies
        .iter()
        .find(|b| b["type"] == "inquiry.completed")
        .unwrap();
    assert_eq!(completed["data"]["status"], "completed");
    assert_eq!(completed["data"]["inquiry_id"], inquiry_id.as_str());
}

#[tokio::test]
async fn the_independent_verifier_rejects_a_tampered_body_an_old_timestamp_and_a_wrong_secret() {
    let setup = setup(|_| {}).await;
    let receiver = Receiver::start();
    setup.register_receiver(&receiver).await;
    setup.issue_link().await;
    deliver_until(&setup.app, || async {
        !receiver.accepted_bodies().await.is_empty()
    })
    .await;
    let received = receiver.received().await;
    let record = received["accepted"][0].clone();
    let body = record["body"].as_str().unwrap().to_owned();

    let (status, _) = receiver.post_hook("", &record, &body).await;
    assert_eq!(status, 200, "the genuine delivery verifies again");
    let tampered = body.replace("link.issued", "link.revoked");
    let (status, answer) = receiver.post_hook("", &record, &tampered).await;
    assert_eq!(status, 401, "a tampered body: {answer}");
    let mut old = record.clone();
    old["timestamp"] = Value::from((Utc::now().timestamp() - 3600).to_string());
    let (status, answer) = receiver.post_hook("", &old, &body).await;
    assert_eq!(status, 401);
    assert!(answer.contains("too old"), "an old timestamp: {answer}");
    let wrong = "?secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let (status, answer) = receiver.post_hook(wrong, &record, &body).await;
    assert_eq!(status, 401, "a wrong secret: {answer}");
    assert!(answer.contains("No matching signature"), "{answer}");
}

#[tokio::test]
async fn a_receiver_answering_500_three_times_then_200_gets_the_event_each_attempt_and_it_is_marked_delivered(
) {
    let setup = setup(|_| {}).await;
    let receiver = Receiver::start();
    let endpoint = setup.register_receiver(&receiver).await;
    receiver.fail_next(3).await;
    setup.issue_link().await;
    deliver_until(&setup.app, || async {
        !receiver.accepted_bodies().await.is_empty()
    })
    .await;

    let received = receiver.received().await;
    let failed = received["answered_500"].as_array().unwrap();
    let accepted = received["accepted"].as_array().unwrap();
    assert_eq!(failed.len(), 3);
    assert_eq!(accepted.len(), 1);
    let id = &accepted[0]["id"];
    assert!(
        failed.iter().all(|record| &record["id"] == id),
        "every attempt is the same message"
    );
    let deliveries = setup.deliveries(&endpoint).await;
    assert_eq!(deliveries.len(), 1);
    let delivery = &deliveries[0];
    assert_eq!(delivery["status"], "delivered");
    assert_eq!(delivery["attempts"], 4);
    let codes: Vec<i64> = delivery["log"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status_code"].as_i64().unwrap())
        .collect();
    assert_eq!(codes, vec![200, 500, 500, 500], "the log, newest first");
    assert!(delivery["log"][1]["response_body"]
        .as_str()
        .unwrap()
        .contains("ordered failure"));
}

#[tokio::test]
async fn a_receiver_down_for_a_while_gets_every_event_in_sequence_order_once_replayed() {
    let setup = setup(|_| {}).await;
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}/hook");
    let endpoint = setup.register(&url, &[]).await;
    let endpoint_id = endpoint["id"].as_str().unwrap().to_owned();
    let link = setup.issue_link().await;
    let inquiry_id = link["inquiry_id"].as_str().unwrap().to_owned();
    let link_path = format!("/api/v1/links/{}", link["id"].as_str().unwrap());
    let (status, _) = setup
        .app
        .api_post(
            &setup.key,
            &format!("{link_path}/extend"),
            &json!({"expires_in_seconds": 86400 * 10}),
        )
        .await;
    assert_eq!(status, 200);
    complete_at_provider(&setup, &inquiry_id).await;
    let exhausted = || async {
        let deliveries = setup.deliveries(&endpoint).await;
        deliveries.len() == 4 && deliveries.iter().all(|d| d["status"] == "exhausted")
    };
    deliver_until(&setup.app, exhausted).await;

    let (_, listed) = setup
        .app
        .api_get(&setup.key, "/api/v1/webhook-endpoints")
        .await;
    assert_eq!(
        listed["data"][0]["enabled"], false,
        "disabled after the last retry"
    );
    assert!(listed["data"][0]["disabled_reason"]
        .as_str()
        .unwrap()
        .contains("failing"));
    let dashboard = dashboard_of_owner(&setup).await;
    assert!(
        dashboard.contains("disabled after its deliveries kept failing"),
        "the dashboard says so"
    );

    let receiver = Receiver::start_on(port);
    receiver
        .verify_with(endpoint["secret"].as_str().unwrap())
        .await;
    let replay = format!("/api/v1/webhook-endpoints/{endpoint_id}/replay-failed");
    let since = json!({"since": "2000-01-01T00:00:00Z"});
    let (status, body) = setup.app.api_post(&setup.key, &replay, &since).await;
    assert_eq!(status, 409, "a disabled endpoint is enabled first: {body}");
    let enable = format!("/api/v1/webhook-endpoints/{endpoint_id}/enable");
    assert_eq!(
        setup.app.api_post(&setup.key, &enable, &json!({})).await.0,
        200
    );
    let (status, body) = setup.app.api_post(&setup.key, &replay, &since).await;
    assert_eq!((status, body["replayed"].as_i64()), (202, Some(4)));
    deliver_until(&setup.app, || async {
        receiver.accepted_bodies().await.len() >= 4
    })
    .await;

    let order: Vec<String> = types_in_sequence(&receiver.accepted_bodies().await, &inquiry_id)
        .into_iter()
        .map(|(_, kind)| kind)
        .collect();
    assert_eq!(
        order,
        [
            "link.issued",
            "link.extended",
            "inquiry.status_changed",
            "inquiry.completed"
        ]
    );
}

async fn dashboard_of_owner(setup: &super::Setup) -> String {
    let client = crate::support::client();
    setup.app.login(&client, "owner@acme.test").await;
    client
        .get(setup.app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_single_delivery_is_replayed_with_the_same_message_id() {
    let setup = setup(|_| {}).await;
    let receiver = Receiver::start();
    let endpoint = setup.register_receiver(&receiver).await;
    setup.issue_link().await;
    deliver_until(&setup.app, || async {
        receiver.accepted_bodies().await.len() == 1
    })
    .await;
    let delivery = setup.deliveries(&endpoint).await[0].clone();
    let path = format!(
        "/api/v1/webhook-deliveries/{}/replay",
        delivery["id"].as_str().unwrap()
    );
    let (status, _) = setup.app.api_post(&setup.key, &path, &json!({})).await;
    assert_eq!(status, 202);
    deliver_until(&setup.app, || async {
        receiver.accepted_bodies().await.len() == 2
    })
    .await;
    let received = receiver.received().await;
    assert_eq!(received["accepted"][0]["id"], received["accepted"][1]["id"]);
    assert_eq!(received["accepted"][1]["id"], delivery["event_id"]);
    let (status, _) = setup
        .app
        .api_post(
            &setup.key,
            "/api/v1/webhook-deliveries/whd_unknown000000/replay",
            &json!({}),
        )
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn an_endpoint_receives_only_the_events_it_chose() {
    let setup = setup(|_| {}).await;
    let receiver = Receiver::start();
    let endpoint = setup.register(&receiver.url(), &["link.revoked"]).await;
    receiver
        .verify_with(endpoint["secret"].as_str().unwrap())
        .await;
    let link = setup.issue_link().await;
    let revoke = format!("/api/v1/links/{}/revoke", link["id"].as_str().unwrap());
    assert_eq!(
        setup.app.api_post(&setup.key, &revoke, &json!({})).await.0,
        200
    );
    deliver_until(&setup.app, || async {
        !receiver.accepted_bodies().await.is_empty()
    })
    .await;
    let bodies = receiver.accepted_bodies().await;
    assert_eq!(bodies.len(), 1);
    assert_eq!(bodies[0]["type"], "link.revoked");
    let (status, body) = setup
        .app
        .api_post(
            &setup.key,
            "/api/v1/webhook-endpoints",
            &json!({"url": receiver.url(), "events": ["link.exploded"]}),
        )
        .await;
    assert_eq!(status, 422, "an unknown event is a refused value");
    assert!(body.to_string().contains("link.exploded"), "{body}");
}

#[tokio::test]
async fn after_a_rotation_both_the_new_and_the_previous_secret_verify_the_delivery() {
    let setup = setup(|_| {}).await;
    let receiver = Receiver::start();
    let endpoint = setup.register_receiver(&receiver).await;
    let rotate = format!(
        "/api/v1/webhook-endpoints/{}/rotate-secret",
        endpoint["id"].as_str().unwrap()
    );
    let (status, rotated) = setup.app.api_post(&setup.key, &rotate, &json!({})).await;
    assert_eq!(status, 200, "{rotated}");
    let new_secret = rotated["secret"].as_str().unwrap();
    assert_ne!(new_secret, endpoint["secret"].as_str().unwrap());
    assert!(rotated["previous_secret_expires_at"].is_string());
    setup.issue_link().await;
    deliver_until(&setup.app, || async {
        !receiver.accepted_bodies().await.is_empty()
    })
    .await;
    let record = receiver.received().await["accepted"][0].clone();
    assert_eq!(record["signature"].as_str().unwrap().split(' ').count(), 2);
    let body = record["body"].as_str().unwrap().to_owned();
    let query = format!("?secret={}", urlencode(new_secret));
    assert_eq!(
        receiver.post_hook(&query, &record, &body).await.0,
        200,
        "the new secret verifies"
    );
}

fn urlencode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}
