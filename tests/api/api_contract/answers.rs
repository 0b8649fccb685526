//! Every answer the description documents, produced by a request; and every answer those
//! requests got is one the description documents for its operation.

use std::collections::BTreeSet;

use inquiry_portal::repo::{self, TenantScope};
use serde_json::json;

use super::{
    batch_answers,
    calls::{good_body, has_body, Call, Produced},
    description, operations, webhook_answers,
};
use crate::support::spawn_app;

#[tokio::test]
async fn every_documented_answer_is_produced_and_every_answer_is_documented() {
    let app = spawn_app().await;
    let document = description(&app).await;
    let (acme, _) = app.create_tenant("acme", "owner@acme.test").await;
    let template = app.connect_demo_template(&acme).await.provider_template_id;
    let key_owned = app.api_key(&acme).await;
    let key = key_owned.as_str();
    let mut seen = Produced::default();
    let ops = operations(&document);

    // The answers each operation gives when all goes well, and their own refusals.
    let link = app.issue_dedicated(key, &template, json!({})).await;
    let (link_id, inquiry_id) = (
        link["id"].as_str().unwrap(),
        link["inquiry_id"].as_str().unwrap(),
    );
    let ended = app.issue_dedicated(key, &template, json!({})).await;
    let ended_id = ended["id"].as_str().unwrap();
    for template_id in [template.as_str(), "itmpl_notconnected00"] {
        let body = json!({"kind": "dedicated", "template_id": template_id}).to_string();
        seen.send(
            &app,
            Call {
                body: Some(body),
                ..Call::new("post", "/api/v1/links", "", key)
            },
        )
        .await;
    }
    seen.send(&app, Call::new("get", "/api/v1/links", "", key))
        .await;
    seen.send(
        &app,
        Call {
            query: "?limit=0",
            ..Call::new("get", "/api/v1/links", "", key)
        },
    )
    .await;
    seen.send(&app, Call::new("get", "/api/v1/links/{id}", link_id, key))
        .await;
    seen.send(
        &app,
        Call::new("post", "/api/v1/links/{id}/pause", link_id, key),
    )
    .await;
    seen.send(
        &app,
        Call::new("post", "/api/v1/links/{id}/resume", link_id, key),
    )
    .await;
    // `7200.0` is an integer in JSON Schema, so it is accepted like `7200`.
    for (body, expected) in [
        (r#"{"expires_in_seconds": 3600}"#, 200),
        (r#"{"expires_in_seconds": 7200.0}"#, 200),
        (r#"{"expires_in_seconds": 3456000}"#, 422),
    ] {
        let call = Call {
            body: Some(body.to_owned()),
            ..Call::new("post", "/api/v1/links/{id}/extend", link_id, key)
        };
        assert_eq!(seen.send(&app, call).await.0, expected, "{body}");
    }
    // Sending by email: to the given address, and refused without one (nothing prefilled).
    for (body, expected) in [
        (Some(r#"{"email": "person@example.com"}"#), 202),
        (None, 422),
    ] {
        let call = Call {
            body: body.map(str::to_owned),
            ..Call::new("post", "/api/v1/links/{id}/send", link_id, key)
        };
        assert_eq!(seen.send(&app, call).await.0, expected, "{body:?}");
    }
    seen.send(
        &app,
        Call::new("post", "/api/v1/links/{id}/revoke", ended_id, key),
    )
    .await;
    for action in ["pause", "resume", "extend", "send"] {
        let route = format!("/api/v1/links/{{id}}/{action}");
        let call = Call {
            body: Some(good_body(&route, "")),
            ..Call::new("post", &route, ended_id, key)
        };
        assert_eq!(
            seen.send(&app, call).await.0,
            409,
            "{action} a revoked link"
        );
    }
    seen.send(
        &app,
        Call::new("get", "/api/v1/inquiries/{id}", inquiry_id, key),
    )
    .await;
    seen.send(
        &app,
        Call::new(
            "post",
            "/api/v1/inquiries/{id}/session-token",
            inquiry_id,
            key,
        ),
    )
    .await;
    seen.send(
        &app,
        Call::new(
            "post",
            "/api/v1/inquiries/{id}/access-link",
            inquiry_id,
            key,
        ),
    )
    .await;
    let emailed_to_nowhere = Call {
        body: Some(json!({"send_to": {"email": "nope"}}).to_string()),
        ..Call::new(
            "post",
            "/api/v1/inquiries/{id}/access-link",
            inquiry_id,
            key,
        )
    };
    assert_eq!(
        seen.send(&app, emailed_to_nowhere).await.0,
        422,
        "a bad send_to"
    );
    seen.send(
        &app,
        Call {
            key: None,
            ..Call::new("get", "/api/v1/openapi.json", "", "")
        },
    )
    .await;

    webhook_answers::produce(&app, &mut seen, key, &template).await;
    batch_answers::produce(&app, &mut seen, key, &template).await;

    // The answers every operation shares.
    for (method, path) in ops
        .iter()
        .filter(|(_, path)| path != "/api/v1/openapi.json")
    {
        let (method, path) = (method.as_str(), path.as_str());
        let body = has_body(&document, method, path).then(|| good_body(path, &template));
        let missing = if path.contains("inquiries") {
            "inq_missing000000000"
        } else {
            "lnk_missing000000000"
        };
        seen.send(
            &app,
            Call {
                key: None,
                body: body.clone(),
                ..Call::new(method, path, missing, "")
            },
        )
        .await;
        if path.contains("{id}") {
            seen.send(
                &app,
                Call {
                    body: body.clone(),
                    ..Call::new(method, path, missing, key)
                },
            )
            .await;
            // An id with a NUL byte is no id: 404, not a 500 from the database.
            let nul = Call {
                body: body.clone(),
                ..Call::new(method, path, "lnk_%00", key)
            };
            assert_eq!(
                seen.send(&app, nul).await.0,
                404,
                "{method} {path} with %00"
            );
        }
        if method == "post" {
            let bad = Call {
                idempotency_key: Some("two words"),
                body: body.clone(),
                ..Call::new(method, path, missing, key)
            };
            seen.send(&app, bad).await;
            // The same key with another request: the first is answered (and remembered),
            // the second is a conflict.
            let reused = format!("reused-{path}");
            let first = Call {
                idempotency_key: Some(&reused),
                body: body.clone(),
                ..Call::new(method, path, missing, key)
            };
            seen.send(&app, first).await;
            let other_body = body.as_ref().map(|_| r#"{"other": true}"#.to_owned());
            let second = Call {
                idempotency_key: Some(&reused),
                body: other_body,
                ..Call::new(method, path, "lnk_elsewhere00000", key)
            };
            assert_eq!(
                seen.send(&app, second).await.0,
                409,
                "{method} {path}: reused key"
            );
        }
        if body.is_some() {
            seen.send(
                &app,
                Call {
                    body: Some("{not json".into()),
                    ..Call::new(method, path, link_id, key)
                },
            )
            .await;
            let huge = format!(r#"{{"padding": "{}"}}"#, "x".repeat(70 * 1024));
            seen.send(
                &app,
                Call {
                    body: Some(huge),
                    ..Call::new(method, path, link_id, key)
                },
            )
            .await;
        }
    }

    // Over the rate limit: another tenant allowed one request a minute.
    let (globex, _) = app.create_tenant("globex", "owner@globex.test").await;
    let scope = TenantScope::new(globex.id);
    let mut policy = repo::policies::get(&app.db.connection, scope)
        .await
        .unwrap();
    policy.api_requests_per_minute = 1;
    repo::policies::save(&app.db.connection, scope, &policy)
        .await
        .unwrap();
    let limited = app.api_key(&globex).await;
    app.api_get(&limited, "/api/v1/links").await;
    for (method, path) in ops
        .iter()
        .filter(|(_, path)| path != "/api/v1/openapi.json")
    {
        let body = has_body(&document, method, path).then(|| good_body(path, &template));
        let call = Call {
            body,
            ..Call::new(method, path, link_id, &limited)
        };
        assert_eq!(
            seen.send(&app, call).await.0,
            429,
            "{method} {path} over the limit"
        );
    }

    // The database gone: a key the portal has not seen yet cannot be checked.
    let unseen = app.api_key(&acme).await;
    app.db.connection.clone().close().await.unwrap();
    for (method, path) in ops
        .iter()
        .filter(|(_, path)| path != "/api/v1/openapi.json")
    {
        let body = has_body(&document, method, path).then(|| good_body(path, &template));
        let call = Call {
            body,
            ..Call::new(method, path, link_id, &unseen)
        };
        assert_eq!(
            seen.send(&app, call).await.0,
            503,
            "{method} {path} without a database"
        );
    }

    for (method, path) in &ops {
        let documented: BTreeSet<u16> = document["paths"][path][method]["responses"]
            .as_object()
            .unwrap()
            .keys()
            .map(|status| status.parse().unwrap())
            .collect();
        let produced = seen
            .0
            .get(&(method.clone(), path.clone()))
            .cloned()
            .unwrap_or_default();
        let never: Vec<_> = documented.difference(&produced).collect();
        let undocumented: Vec<_> = produced.difference(&documented).collect();
        assert!(
            never.is_empty(),
            "{method} {path}: documented, never produced: {never:?}"
        );
        assert!(
            undocumented.is_empty(),
            "{method} {path}: produced, not documented: {undocumented:?}"
        );
    }
}

/// The optional bodies are described as nullable, so `null` is a body the API takes: the
/// same as none (schemathesis sent it and got 400).
#[tokio::test]
async fn an_optional_body_sent_as_json_null_counts_as_no_body() {
    let app = spawn_app().await;
    let (acme, _) = app.create_tenant("acme", "owner@acme.test").await;
    let template = app.connect_demo_template(&acme).await.provider_template_id;
    let key = app.api_key(&acme).await;
    let prefilled = json!({"fields": {"email-address": "ana@example.com"}});
    let link = app.issue_dedicated(&key, &template, prefilled).await;
    let null_body = |path: String| {
        reqwest::Client::new()
            .post(app.url(&path))
            .bearer_auth(&key)
            .header("content-type", "application/json")
            .body("null")
            .send()
    };
    let send = format!("/api/v1/links/{}/send", link["id"].as_str().unwrap());
    assert_eq!(
        null_body(send).await.unwrap().status(),
        202,
        "sent to the prefilled address"
    );
    let access = format!(
        "/api/v1/inquiries/{}/access-link",
        link["inquiry_id"].as_str().unwrap()
    );
    assert_eq!(
        null_body(access).await.unwrap().status(),
        201,
        "an access link, not emailed"
    );
}
