use inquiry_portal::domain::Role;
use sea_orm::{ConnectionTrait, Statement};

use crate::support::{client, spawn_app, TestApp};

fn secret_in(page: &str) -> String {
    let start = page.find("ilp_").expect("a key on the page");
    page[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect()
}

/// Every text value stored in these tables, concatenated: a stand-in for a database dump.
async fn dump(app: &TestApp) -> String {
    let mut dump = String::new();
    for (table, columns) in [
        ("api_keys", "name || prefix || secret_hash || created_by"),
        (
            "audit_events",
            "actor || action || COALESCE(subject, '') || COALESCE(details, '')",
        ),
        ("sessions", "state"),
        ("secret_flashes", "COALESCE(payload_encrypted, '')"),
        ("idempotency_records", "COALESCE(response_body, '')"),
    ] {
        let rows = app
            .db
            .connection
            .query_all_raw(Statement::from_string(
                app.db.connection.get_database_backend(),
                format!("SELECT {columns} AS v FROM {table}"),
            ))
            .await
            .unwrap();
        for row in rows {
            dump.push_str(&row.try_get::<String>("", "v").unwrap());
        }
    }
    dump
}

#[tokio::test]
async fn an_owner_creates_a_key_that_is_shown_once_and_stored_only_hashed() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    let response = app
        .submit_form(
            &http,
            "/api-keys",
            "/api-keys",
            &[("name", "Backend production")],
        )
        .await;
    let (status, page) = app.follow(&http, response).await;
    assert_eq!(status, 200);
    let secret = secret_in(&page);
    assert!(secret.len() > 40, "{secret}");
    let again = http
        .get(app.url("/api-keys"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(again.contains("Backend production"));
    assert!(!again.contains(&secret), "the key is never shown again");
    let dump = dump(&app).await;
    assert!(!dump.contains(&secret), "the key is not stored");
    assert!(dump.contains(&inquiry_portal::crypto::sha256_hex(&secret)));
}

#[tokio::test]
async fn a_key_needs_a_name_and_the_form_keeps_the_input() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    let response = app
        .post_form(&http, "/api-keys", "/api-keys", &[("name", "  ")])
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(app.count_rows("api_keys").await, 0);
}

#[tokio::test]
async fn issuers_and_viewers_cannot_manage_keys() {
    let app = spawn_app().await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    for (email, role) in [
        ("issuer@acme.test", Role::Issuer),
        ("viewer@acme.test", Role::Viewer),
    ] {
        app.create_user(&tenant, email, role).await;
        let http = client();
        app.login(&http, email).await;
        assert_eq!(
            http.get(app.url("/api-keys"))
                .send()
                .await
                .unwrap()
                .status(),
            403
        );
        let post = app
            .post_form(&http, "/", "/api-keys", &[("name", "Mine")])
            .await;
        assert_eq!(post.status(), 403);
    }
    assert_eq!(app.count_rows("api_keys").await, 0);
}

#[tokio::test]
async fn another_tenants_key_cannot_be_revoked() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let (globex, _) = app.create_tenant("globex", "owner@globex.test").await;
    let (key, _) = inquiry_portal::auth::api_keys::issue_key(
        &app.db,
        inquiry_portal::repo::TenantScope::new(globex.id),
        "Globex backend",
        "system:test",
    )
    .await
    .unwrap();
    let http = client();
    app.login(&http, "owner@acme.test").await;
    let response = app
        .post_form(
            &http,
            "/api-keys",
            &format!("/api-keys/{}/revoke", key.public_id),
            &[],
        )
        .await;
    assert_eq!(response.status(), 404);
    let row =
        inquiry_portal::repo::api_keys::find_active_by_prefix(&app.db.connection, &key.prefix)
            .await
            .unwrap();
    assert!(row.is_some(), "still active");
}

#[tokio::test]
async fn an_owner_revokes_a_key() {
    let app = spawn_app().await;
    let (acme, _) = app.create_tenant("acme", "owner@acme.test").await;
    let (key, _) = inquiry_portal::auth::api_keys::issue_key(
        &app.db,
        inquiry_portal::repo::TenantScope::new(acme.id),
        "Old backend",
        "system:test",
    )
    .await
    .unwrap();
    let http = client();
    app.login(&http, "owner@acme.test").await;
    let response = app
        .post_form(
            &http,
            "/api-keys",
            &format!("/api-keys/{}/revoke", key.public_id),
            &[],
        )
        .await;
    assert_eq!(response.status(), 303);
    let row =
        inquiry_portal::repo::api_keys::find_active_by_prefix(&app.db.connection, &key.prefix)
            .await
            .unwrap();
    assert!(row.is_none());
    let page = http
        .get(app.url("/api-keys"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("revoked"));
}

#[tokio::test]
async fn a_key_over_its_limit_is_refused_without_a_database_query() {
    let app = spawn_app().await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let scope = inquiry_portal::repo::TenantScope::new(tenant.id);
    let mut policy = inquiry_portal::repo::policies::get(&app.db.connection, scope)
        .await
        .unwrap();
    policy.api_requests_per_minute = 2;
    inquiry_portal::repo::policies::save(&app.db.connection, scope, &policy)
        .await
        .unwrap();
    let key = app.api_key(&tenant).await;
    for call in 0..2 {
        assert_eq!(
            app.api_get(&key, "/api/v1/links").await.0,
            200,
            "call {call}"
        );
    }
    assert_eq!(app.api_get(&key, "/api/v1/links").await.0, 429);
    // Verified keys are cached for a few seconds; start from an expired entry, as a key
    // that keeps calling past its limit soon does.
    app.state.api_key_cache.invalidate_all();
    assert_eq!(
        app.api_get(&key, "/api/v1/links").await.0,
        429,
        "looked up once, and still over the limit"
    );
    // From here on any database query fails: the application's pool is closed.
    app.db.connection.clone().close().await.unwrap();
    for call in 0..3 {
        let (status, body) = app.api_get(&key, "/api/v1/links").await;
        assert_eq!(
            status, 429,
            "refused call {call} answered from the cache: {body}"
        );
    }
}
