//! What the description says: every route of the API's table, the answers every operation
//! shares, closed bodies and the bounds the API enforces.

use std::collections::BTreeSet;

use inquiry_portal::domain::Lifetime;
use serde_json::Value;

use super::{description, operations};
use crate::support::spawn_app;

/// The API's route table (`fn api_routes` in src/routes/mod.rs), read from its source:
/// (method, path) for each resource's method.
fn routed() -> BTreeSet<(String, String)> {
    let source = include_str!("../../../src/routes/mod.rs");
    let mut routes = BTreeSet::new();
    // `api_routes` and the functions it configures (`webhook_api_routes`…).
    let tables = source
        .match_indices("fn ")
        .filter(|(at, _)| {
            source[at + 3..]
                .split('(')
                .next()
                .is_some_and(|name| name.ends_with("api_routes"))
        })
        .map(|(at, _)| {
            let body = &source[at..];
            &body[..body.find("\n}\n").expect("end of the route table")]
        });
    for chunk in tables.flat_map(|body| body.split("web::resource(\"").skip(1)) {
        let path = &chunk[..chunk.find('"').expect("closing quote")];
        for method in ["get", "post", "put", "patch", "delete", "head"] {
            if chunk.contains(&format!(".{method}(")) || chunk.contains(&format!("web::{method}()"))
            {
                routes.insert((method.to_owned(), format!("/api/v1{path}")));
            }
        }
    }
    assert!(
        routes.len() >= 10,
        "the route table was not read: {routes:?}"
    );
    routes
}

#[tokio::test]
async fn every_route_of_the_api_table_is_described_and_nothing_else() {
    let app = spawn_app().await;
    let document = description(&app).await;
    let described: BTreeSet<(String, String)> = operations(&document).into_iter().collect();
    let routed = routed();
    let undocumented: Vec<_> = routed.difference(&described).collect();
    let unrouted: Vec<_> = described.difference(&routed).collect();
    assert!(
        undocumented.is_empty(),
        "routed but not described: {undocumented:?}"
    );
    assert!(
        unrouted.is_empty(),
        "described but not routed: {unrouted:?}"
    );
    assert!(routed.contains(&("post".to_owned(), "/api/v1/links/{id}/extend".to_owned())));
}

fn has_retry_after(response: &Value) -> bool {
    response["headers"]["Retry-After"]["schema"]["type"] == "integer"
}

#[tokio::test]
async fn every_operation_lists_401_409_413_429_and_503_where_they_occur() {
    let app = spawn_app().await;
    let document = description(&app).await;
    for (method, path) in operations(&document) {
        let operation = &document["paths"][&path][&method];
        let responses = &operation["responses"];
        let label = format!("{method} {path}");
        if path == "/api/v1/openapi.json" {
            assert!(operation.get("security").is_none(), "{label} needs no key");
            continue;
        }
        let scopes = operation["security"][0]["api_key"].as_array();
        assert_eq!(
            scopes.map(Vec::len),
            Some(1),
            "{label} needs a key with one scope"
        );
        assert!(responses["401"].is_object(), "{label}: 401");
        assert!(
            has_retry_after(&responses["429"]),
            "{label}: 429 with Retry-After"
        );
        assert!(
            has_retry_after(&responses["503"]),
            "{label}: 503 with Retry-After"
        );
        for status in ["401", "429", "503"] {
            assert_eq!(
                responses[status]["content"]["application/json"]["schema"]["$ref"],
                "#/components/schemas/ErrorBody",
                "{label}: {status}"
            );
        }
        let parameters = operation["parameters"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let key = parameters
            .iter()
            .find(|p| p["name"] == "Idempotency-Key" && p["in"] == "header");
        if method == "post" {
            let key = key.unwrap_or_else(|| panic!("{label}: Idempotency-Key"));
            assert_eq!(key["schema"]["maxLength"], 255, "{label}");
            assert!(responses["409"].is_object(), "{label}: 409");
            assert!(responses["400"].is_object(), "{label}: 400");
        } else {
            assert!(key.is_none(), "{label}: Idempotency-Key on a GET");
        }
        if operation.get("requestBody").is_some() {
            assert!(responses["413"].is_object(), "{label}: 413");
            assert!(responses["400"].is_object(), "{label}: 400");
        }
    }
}

/// A property's schema within a component schema.
fn property<'a>(document: &'a Value, schema: &str, name: &str) -> &'a Value {
    &document["components"]["schemas"][schema]["properties"][name]
}

#[tokio::test]
async fn the_description_states_the_bounds_and_closed_bodies_the_api_enforces() {
    let app = spawn_app().await;
    let document = description(&app).await;
    for schema in ["DedicatedLinkBody", "StaticLinkBody", "ExtendLinkBody"] {
        let expires = property(&document, schema, "expires_in_seconds");
        assert_eq!(expires["minimum"], 1, "{schema}: {expires}");
        assert_eq!(
            expires["maximum"],
            Lifetime::MAX_SECONDS,
            "{schema}: {expires}"
        );
        assert_eq!(
            document["components"]["schemas"][schema]["additionalProperties"], false,
            "{schema} is closed"
        );
    }
    let cap = property(&document, "StaticLinkBody", "max_inquiries");
    assert_eq!(cap["minimum"], 1, "{cap}");
    assert_eq!(cap["maximum"], i64::from(i32::MAX), "{cap}");
    assert!(property(&document, "DedicatedLinkBody", "max_inquiries").is_null());
    assert!(property(&document, "StaticLinkBody", "fields").is_null());
    let body = &document["components"]["schemas"]["CreateLinkBody"]["oneOf"];
    assert_eq!(body.as_array().map(Vec::len), Some(2), "{body}");
    let list = &document["paths"]["/api/v1/links"]["get"]["parameters"];
    let limit = list
        .as_array()
        .and_then(|p| p.iter().find(|p| p["name"] == "limit"))
        .expect("limit");
    assert_eq!(limit["schema"]["minimum"], 1, "{limit}");
    assert_eq!(limit["schema"]["maximum"], 100, "{limit}");
    // What the API enforces at those bounds.
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let key = app.api_key(&tenant).await;
    for (limit, expected) in [(0, 400), (1, 200), (100, 200), (101, 400)] {
        let (status, _) = app
            .api_get(&key, &format!("/api/v1/links?limit={limit}"))
            .await;
        assert_eq!(status, expected, "limit={limit}");
    }
}

#[tokio::test]
async fn the_description_states_the_batch_bounds_and_its_own_body_limit() {
    let app = spawn_app().await;
    let document = description(&app).await;
    let body = &document["components"]["schemas"]["CreateLinksBatchBody"];
    assert_eq!(body["additionalProperties"], false, "{body}");
    let links = &body["properties"]["links"];
    assert_eq!(links["minItems"], 1, "{links}");
    assert_eq!(links["maxItems"], 100, "{links}");
    assert_eq!(
        links["items"]["$ref"],
        "#/components/schemas/CreateLinkBody"
    );
    let operation = &document["paths"]["/api/v1/links/batch"]["post"];
    assert_eq!(operation["security"][0]["api_key"][0], "links:write");
    for status in ["201", "207"] {
        assert_eq!(
            operation["responses"][status]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/LinkBatchBody"
        );
    }
    let too_large = operation["responses"]["413"]["description"]
        .as_str()
        .unwrap();
    assert!(too_large.contains("1024 KiB"), "{too_large}");
}
