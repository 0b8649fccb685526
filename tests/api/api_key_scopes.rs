//! Scoped API keys: scopes, expiry and allowed networks, checked on every API route.

use inquiry_portal::{
    auth::api_keys::{self, KeySpec},
    domain::{AllowedNetworks, ApiScope, ApiScopes},
    entities::tenants,
    repo::TenantScope,
};
use sea_orm::ConnectionTrait;
use serde_json::{json, Value};

use crate::support::{client, spawn_app, TestApp};

async fn key_with(app: &TestApp, tenant: &tenants::Model, spec: KeySpec) -> String {
    api_keys::issue_scoped_key(&app.db, TenantScope::new(tenant.id), &spec, "system:test")
        .await
        .expect("a scoped key")
        .1
}

fn scoped(scopes: ApiScopes) -> KeySpec {
    KeySpec {
        scopes: Some(scopes),
        ..KeySpec::unrestricted("Scoped".into())
    }
}

/// Every operation of the OpenAPI document: method, path with ids filled in, and the
/// scope its security requirement names.
async fn operations(app: &TestApp) -> Vec<(String, String, ApiScope)> {
    let document: Value = reqwest::get(app.url("/api/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            if path == "/api/v1/openapi.json" {
                continue; // The description needs no key.
            }
            let scope = operation["security"][0]["api_key"][0]
                .as_str()
                .and_then(ApiScope::from_stored)
                .unwrap_or_else(|| panic!("{method} {path} documents no scope"));
            let path = path.replace("{id}", "lnk_doesnotexist");
            found.push((method.clone(), path, scope));
        }
    }
    assert!(found.len() >= 10, "{found:?}");
    found
}

async fn call(app: &TestApp, key: &str, method: &str, path: &str) -> (u16, Value) {
    match method {
        "post" => app.api_post(key, path, &json!({})).await,
        "get" => app.api_get(key, path).await,
        "delete" => {
            let response = reqwest::Client::new()
                .delete(app.url(path))
                .bearer_auth(key)
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            (status, response.json().await.unwrap_or(Value::Null))
        }
        other => panic!("no call for {other}"),
    }
}

#[tokio::test]
async fn a_links_read_key_gets_403_on_every_post_and_may_still_read_links() {
    let app = spawn_app().await;
    let (acme, _) = app.create_tenant("acme", "owner@acme.test").await;
    let key = key_with(
        &app,
        &acme,
        scoped(ApiScopes::NONE.with(ApiScope::LinksRead)),
    )
    .await;
    let mut posts = 0;
    for (method, path, _) in operations(&app).await {
        if method != "post" {
            continue;
        }
        posts += 1;
        let (status, body) = call(&app, &key, &method, &path).await;
        assert_eq!(status, 403, "{method} {path}: {body}");
        assert_eq!(body["error"]["type"], "insufficient_scope", "{path}");
    }
    assert!(posts >= 7);
    let (status, body) = app.api_get(&key, "/api/v1/links").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(app.count_rows("links").await, 0);
}

#[tokio::test]
async fn every_operation_enforces_the_scope_its_documentation_names() {
    let app = spawn_app().await;
    let (acme, _) = app.create_tenant("acme", "owner@acme.test").await;
    for (method, path, scope) in operations(&app).await {
        let without: ApiScopes = ApiScope::ALL.into_iter().filter(|s| *s != scope).collect();
        let key = key_with(&app, &acme, scoped(without)).await;
        let (status, body) = call(&app, &key, &method, &path).await;
        assert_eq!(status, 403, "{method} {path} without {scope}: {body}");
        assert_eq!(body["error"]["type"], "insufficient_scope");
        assert!(body["error"]["message"]
            .as_str()
            .unwrap()
            .contains(scope.as_str()));
        let only = key_with(&app, &acme, scoped(ApiScopes::NONE.with(scope))).await;
        let (status, body) = call(&app, &only, &method, &path).await;
        assert_ne!(status, 403, "{method} {path} with only {scope}: {body}");
    }
}

#[tokio::test]
async fn an_expired_key_gets_401_with_its_own_error_type() {
    let app = spawn_app().await;
    let (acme, _) = app.create_tenant("acme", "owner@acme.test").await;
    let key = key_with(
        &app,
        &acme,
        KeySpec {
            expires_in_days: Some(1),
            ..KeySpec::unrestricted("Short-lived".into())
        },
    )
    .await;
    let (status, _) = app.api_get(&key, "/api/v1/links").await;
    assert_eq!(status, 200, "works before its expiry");
    app.db
        .connection
        .execute_unprepared("UPDATE api_keys SET expires_at = 1000")
        .await
        .unwrap();
    app.state.api_key_cache.invalidate_all();
    let response = reqwest::Client::new()
        .get(app.url("/api/v1/links"))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert!(response.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .contains("invalid_token"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["type"], "key_expired");
}

#[tokio::test]
async fn a_key_limited_to_10_0_0_0_8_gets_403_from_127_0_0_1() {
    let app = spawn_app().await;
    let (acme, _) = app.create_tenant("acme", "owner@acme.test").await;
    let limited = |networks: &str| KeySpec {
        networks: AllowedNetworks::parse_list(networks).unwrap(),
        ..KeySpec::unrestricted("Limited".into())
    };
    let private = key_with(&app, &acme, limited("10.0.0.0/8")).await;
    let (status, body) = app.api_get(&private, "/api/v1/links").await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["error"]["type"], "network_not_allowed");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("127.0.0.1"));
    let (status, _) = app
        .api_post(&private, "/api/v1/links", &json!({"template_id": "x"}))
        .await;
    assert_eq!(status, 403);
    let local = key_with(&app, &acme, limited("10.0.0.0/8, 127.0.0.0/8")).await;
    let (status, body) = app.api_get(&local, "/api/v1/links").await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn a_key_from_before_scopes_may_do_everything() {
    let app = spawn_app().await;
    let (acme, _) = app.create_tenant("acme", "owner@acme.test").await;
    let key = app.api_key(&acme).await;
    for (method, path, scope) in operations(&app).await {
        let (status, body) = call(&app, &key, &method, &path).await;
        assert!(
            status != 403 && status != 401,
            "{method} {path} ({scope}): {body}"
        );
    }
}

#[tokio::test]
async fn an_owner_creates_a_scoped_key_and_the_page_shows_its_limits_and_last_use() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    let response = app
        .submit_form(
            &http,
            "/api-keys",
            "/api-keys",
            &[
                ("name", "Reader"),
                ("scopes_offered", "1"),
                ("scopes", "links:read"),
                ("scopes", "inquiries:read"),
                ("expires_in_days", "30"),
                ("allowed_networks", "127.0.0.1, 10.0.0.0/8"),
            ],
        )
        .await;
    let (status, page) = app.follow(&http, response).await;
    assert_eq!(status, 200);
    let start = page.find("ilp_").unwrap();
    let secret: String = page[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    let (status, body) = app.api_get(&secret, "/api/v1/links").await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = app
        .api_post(&secret, "/api/v1/links", &json!({"template_id": "x"}))
        .await;
    assert_eq!(
        (status, body["error"]["type"].as_str()),
        (403, Some("insufficient_scope"))
    );
    let page = http
        .get(app.url("/api-keys"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let page = &page[page.find("<table").unwrap()..page.find("</table>").unwrap()];
    assert!(page.contains("<code>links:read</code>"), "{page}");
    assert!(page.contains("<code>inquiries:read</code>"));
    assert!(!page.contains("<code>links:write</code>"));
    assert!(page.contains("127.0.0.1/32, 10.0.0.0/8"));
    assert!(
        !page.contains(">never</td>"),
        "expiry and last use are shown: {page}"
    );
}

#[tokio::test]
async fn a_key_form_with_bad_limits_shows_each_error_and_creates_nothing() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    let response = app
        .submit_form(
            &http,
            "/api-keys",
            "/api-keys",
            &[
                ("name", "Bad"),
                ("scopes_offered", "1"),
                ("expires_in_days", "0"),
                ("allowed_networks", "10.0.0.0/33"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    for anchor in [
        "field-scopes",
        "field-expires_in_days",
        "field-allowed_networks",
    ] {
        assert!(
            page.contains(&format!("href=\"#{anchor}\"")),
            "summary links {anchor}"
        );
        assert!(
            page.contains(&format!("id=\"{anchor}-error\"")),
            "{anchor} has its error"
        );
    }
    assert!(page.contains("value=\"10.0.0.0/33\""), "the input is kept");
    assert_eq!(app.count_rows("api_keys").await, 0);
}
