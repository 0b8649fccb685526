//! Endpoints go to public https addresses only: refused at registration, and at delivery
//! when the name resolves to a private address by then.

use serde_json::json;

use super::{deliver_until, setup};
use crate::support::{receiver::Receiver, spawn_instance_like_with};

#[tokio::test]
async fn loopback_private_link_local_and_plain_http_endpoints_are_refused_at_registration() {
    let setup = setup(|settings| settings.tenant_webhooks.allow_private = false).await;
    for url in [
        "https://localhost/hook",
        "https://127.0.0.1/hook",
        "https://10.0.0.8/hook",
        "https://192.168.1.20/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://100.64.0.1/hook",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://[fd00::1]/hook",
        "http://hooks.example.com/hook",
        "not a url",
    ] {
        let (status, body) = setup
            .app
            .api_post(
                &setup.key,
                "/api/v1/webhook-endpoints",
                &json!({ "url": url }),
            )
            .await;
        assert_eq!(status, 422, "{url} must be refused: {body}");
    }
    let (_, listed) = setup
        .app
        .api_get(&setup.key, "/api/v1/webhook-endpoints")
        .await;
    assert_eq!(listed["data"], json!([]), "nothing was registered");
    let (_, body) = setup
        .app
        .api_post(
            &setup.key,
            "/api/v1/webhook-endpoints",
            &json!({ "url": "https://localhost:8443/hook" }),
        )
        .await;
    assert!(body.to_string().contains("not a public address"), "{body}");
}

#[tokio::test]
async fn a_name_that_resolves_to_loopback_at_delivery_time_is_refused_and_logged() {
    let setup = setup(|_| {}).await;
    let receiver = Receiver::start();
    // Registered while private addresses were allowed; the name now points at loopback on
    // an instance that does not allow them.
    let endpoint = setup
        .register(&format!("https://localhost:{}/hook", receiver.port), &[])
        .await;
    let strict = spawn_instance_like_with(&setup.app, |settings| {
        settings.tenant_webhooks.allow_private = false;
    })
    .await;
    setup.issue_link().await;
    let refused = || async {
        let deliveries = setup.deliveries(&endpoint).await;
        deliveries
            .first()
            .is_some_and(|d| d["attempts"].as_i64() >= Some(1))
    };
    deliver_until(&strict, refused).await;
    let delivery = setup.deliveries(&endpoint).await[0].clone();
    let error = delivery["log"][0]["error"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        error.contains("refused") && error.contains("not a public address"),
        "{error}"
    );
    assert!(delivery["log"][0]["status_code"].is_null());
    let received = receiver.received().await;
    assert_eq!(received["accepted"], json!([]));
    assert_eq!(
        received["rejected"],
        json!([]),
        "nothing reached the receiver"
    );
}
