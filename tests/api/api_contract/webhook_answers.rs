//! The webhook operations' own answers (DESIGN 13.4), for the answer check: an endpoint
//! registered, refused, listed, disabled and enabled, its deliveries replayed, its secret
//! rotated, and the endpoint deleted.

use serde_json::json;

use super::calls::{Call, Produced};
use crate::support::TestApp;

pub async fn produce(app: &TestApp, seen: &mut Produced, key: &str, template: &str) {
    let endpoints = "/api/v1/webhook-endpoints";
    for (url, expected) in [
        ("http://127.0.0.1:9/portal", 201),
        ("ftp://127.0.0.1/x", 422),
    ] {
        let call = Call {
            body: Some(json!({"url": url, "events": ["link.issued"]}).to_string()),
            ..Call::new("post", endpoints, "", key)
        };
        assert_eq!(seen.send(app, call).await.0, expected, "register {url}");
    }
    let (status, listed) = seen.send(app, Call::new("get", endpoints, "", key)).await;
    assert_eq!(status, 200);
    let endpoint = listed["data"][0]["id"].as_str().unwrap().to_owned();

    // An issued link is an event: one delivery for the endpoint.
    app.issue_dedicated(key, template, json!({})).await;
    let deliveries = "/api/v1/webhook-endpoints/{id}/deliveries";
    let (status, log) = seen
        .send(app, Call::new("get", deliveries, &endpoint, key))
        .await;
    assert_eq!(status, 200);
    let delivery = log["data"][0]["id"].as_str().unwrap().to_owned();

    let replay = "/api/v1/webhook-deliveries/{id}/replay";
    let replay_failed = "/api/v1/webhook-endpoints/{id}/replay-failed";
    let since = json!({"since": "2026-01-01T00:00:00Z"}).to_string();
    for (switch, expected) in [("disable", 409), ("enable", 202)] {
        let path = format!("/api/v1/webhook-endpoints/{{id}}/{switch}");
        let call = Call::new("post", &path, &endpoint, key);
        assert_eq!(seen.send(app, call).await.0, 200, "{switch}");
        let call = Call::new("post", replay, &delivery, key);
        assert_eq!(
            seen.send(app, call).await.0,
            expected,
            "replay after {switch}"
        );
        let call = Call {
            body: Some(since.clone()),
            ..Call::new("post", replay_failed, &endpoint, key)
        };
        assert_eq!(
            seen.send(app, call).await.0,
            expected,
            "replay-failed after {switch}"
        );
    }
    let call = Call {
        body: Some(json!({"since": "yesterday"}).to_string()),
        ..Call::new("post", replay_failed, &endpoint, key)
    };
    assert_eq!(seen.send(app, call).await.0, 422, "a since that is no time");

    let rotate = "/api/v1/webhook-endpoints/{id}/rotate-secret";
    assert_eq!(
        seen.send(app, Call::new("post", rotate, &endpoint, key))
            .await
            .0,
        200
    );
    let one = "/api/v1/webhook-endpoints/{id}";
    assert_eq!(
        seen.send(app, Call::new("delete", one, &endpoint, key))
            .await
            .0,
        204
    );
}
