//! The sandbox's test controls and limits: fault injection, the per-key rate limit, and
//! the absence of every sandbox route in persona mode.

use inquiry_portal::config::ProviderKind;
use serde_json::json;

use crate::{
    support::sandbox::{api_url, get, json_of, post, set_faults, KEY},
    support::{spawn_app, spawn_app_with},
};

#[tokio::test]
async fn injected_faults_answer_500_and_429_with_rate_limit_headers_then_stop() {
    let app = spawn_app().await;
    set_faults(&app, json!({"fail_next": 1, "rate_limit_next": 1})).await;
    let limited = get(&app, "/inquiry-templates").await;
    assert_eq!(limited.status(), 429);
    assert_eq!(limited.headers()["ratelimit-reset"], "1");
    assert_eq!(limited.headers()["retry-after"], "1");
    assert!(limited.headers().contains_key("ratelimit-limit"));
    let failed = get(&app, "/inquiry-templates").await;
    assert_eq!(failed.status(), 500);
    assert!(json_of(failed).await["errors"][0]["title"].is_string());
    assert_eq!(get(&app, "/inquiry-templates").await.status(), 200);
    set_faults(&app, json!({"fail_next": 5})).await;
    let reset = reqwest::Client::new()
        .delete(api_url(&app, "/_faults"))
        .bearer_auth(KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), 200);
    assert_eq!(get(&app, "/inquiry-templates").await.status(), 200);
    assert_eq!(
        post(&app, "/_faults", json!({"fail_nxt": 1}))
            .await
            .status(),
        400
    );
}

#[tokio::test]
async fn the_request_over_the_per_key_limit_gets_429_with_retry_after() {
    let app = spawn_app().await;
    let mut last = None;
    for _ in 0..301 {
        last = Some(get(&app, "/inquiry-templates").await);
    }
    let last = last.unwrap();
    assert_eq!(last.status(), 429);
    assert_eq!(last.headers()["ratelimit-remaining"], "0");
    assert!(last.headers().contains_key("retry-after"));
    assert_eq!(
        get(&app, "/_stats").await.status(),
        200,
        "the test controls stay reachable over the limit"
    );
}

#[tokio::test]
async fn in_persona_mode_the_sandbox_routes_do_not_exist() {
    let app = spawn_app_with(|settings| {
        settings.provider = ProviderKind::Persona;
        settings.persona_api_key = Some("persona_test_key".into());
    })
    .await;
    let http = reqwest::Client::new();
    for path in [
        "/sandbox/api/v1/inquiries",
        "/sandbox/api/v1/_faults",
        "/sandbox/verify?inquiry-id=inq_x",
    ] {
        let response = http
            .get(app.url(path))
            .bearer_auth(KEY)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404, "{path}");
    }
    let faults = http
        .post(app.url("/sandbox/api/v1/_faults"))
        .bearer_auth(KEY)
        .json(&json!({"fail_next": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(faults.status(), 404);
}
