use serde_json::json;

use crate::support::{
    client,
    links::{browser, click_and_continue},
    spawn_app, TestApp,
};

async fn tenant_with_template(app: &TestApp, slug: &str) -> (String, String) {
    let (tenant, _) = app.create_tenant(slug, &format!("owner@{slug}.test")).await;
    let template = app.connect_demo_template(&tenant).await;
    (app.api_key(&tenant).await, template.provider_template_id)
}

async fn inquiries_created(app: &TestApp) -> u64 {
    app.sandbox_stats().await["inquiries_created"]
        .as_u64()
        .unwrap_or(0)
}

#[tokio::test]
async fn a_dedicated_link_is_issued_with_prefill_and_loads_its_inquiry() {
    let app = spawn_app().await;
    let (key, template) = tenant_with_template(&app, "acme").await;
    let link = app
        .issue_dedicated(
            &key,
            &template,
            json!({"reference_id": "customer-42", "fields": {"name-first": "Ana", "birthdate": "1990-02-01"}}),
        )
        .await;
    assert_eq!(link["kind"], "dedicated");
    assert_eq!(link["status"], "active");
    assert_eq!(link["reference_id"], "customer-42");
    let inquiry_id = link["inquiry_id"].as_str().unwrap().to_owned();
    assert!(inquiry_id.starts_with("inq_"));
    assert!(link.get("session_token").is_none());
    let url = link["url"].as_str().unwrap();
    assert!(url.starts_with(&app.url("/l/")));

    let (status, location) = click_and_continue(&browser(), url).await;
    assert_eq!(status, 303);
    assert!(
        location.starts_with(&app.url("/sandbox/verify")),
        "{location}"
    );
    assert_eq!(
        crate::support::links::query_param(&location, "inquiry-id").as_deref(),
        Some(inquiry_id.as_str())
    );
    // The prefill reached the provider.
    let inquiry = reqwest::Client::new()
        .get(app.url(&format!("/sandbox/api/v1/inquiries/{inquiry_id}")))
        .bearer_auth(&app.settings.sandbox_api_key)
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    assert_eq!(inquiry["data"]["attributes"]["reference-id"], "customer-42");
    let (_, stored) = app
        .api_get(&key, &format!("/api/v1/inquiries/{inquiry_id}"))
        .await;
    assert_eq!(stored["status"], "created");
}

#[tokio::test]
async fn bad_requests_get_4xx_and_create_nothing_at_the_provider() {
    let app = spawn_app().await;
    let (key, template) = tenant_with_template(&app, "acme").await;
    let (globex, _) = app.create_tenant("globex", "owner@globex.test").await;
    let foreign = app.connect_demo_template(&globex).await;
    let _ = foreign;
    // A body that does not have the documented shape is a 400; well-formed values that a
    // rule refuses (template, prefill, policy) are a 422.
    let cases = vec![
        (
            json!({"kind": "shared", "template_id": template}),
            400,
            "invalid_request",
        ),
        (
            json!({"kind": "dedicated", "template_id": "itmpl_doesnotexist0000"}),
            422,
            "unprocessable",
        ),
        (
            json!({"kind": "dedicated", "template_id": "not-a-template"}),
            422,
            "unprocessable",
        ),
        (
            json!({"kind": "dedicated", "template_id": template, "fields": {"ssn": "123"}}),
            422,
            "unprocessable",
        ),
        (
            json!({"kind": "dedicated", "template_id": template, "fields": {"birthdate": "1990-13-45"}}),
            422,
            "unprocessable",
        ),
        (
            json!({"kind": "dedicated", "template_id": template, "fields": {"name-first": 42}}),
            400,
            "invalid_request",
        ),
        (
            json!({"kind": "dedicated", "template_id": template, "expires_in_seconds": 999_999_999}),
            422,
            "unprocessable",
        ),
        (
            json!({"kind": "dedicated", "template_id": template, "expires_in_seconds": 0}),
            422,
            "unprocessable",
        ),
        (
            json!({"kind": "dedicated", "template_id": template, "expires_in_seconds": 31 * 86_400}),
            422,
            "unprocessable",
        ),
        (
            json!({"kind": "dedicated", "template_id": template, "expires_in_seconds": "3600"}),
            400,
            "invalid_request",
        ),
        (
            json!({"kind": "dedicated", "template_id": template, "resume_on_click": "everyone"}),
            400,
            "invalid_request",
        ),
        (
            json!({"kind": "dedicated", "template_id": template, "surprise": true}),
            400,
            "invalid_request",
        ),
        (
            json!({"kind": "dedicated", "template_id": template, "max_inquiries": 3}),
            400,
            "invalid_request",
        ),
        (json!({"kind": "dedicated"}), 400, "invalid_request"),
        (
            json!({"kind": "static", "template_id": template, "fields": {"name-first": "Ana"}}),
            400,
            "invalid_request",
        ),
        (
            json!({"kind": "static", "template_id": template, "access_code": false}),
            400,
            "invalid_request",
        ),
        (
            json!({"kind": "static", "template_id": template, "max_inquiries": 0}),
            422,
            "unprocessable",
        ),
        (
            json!([{"kind": "static", "template_id": template}]),
            400,
            "invalid_request",
        ),
    ];
    for (body, expected, kind) in cases {
        let (status, answer) = app.api_post(&key, "/api/v1/links", &body).await;
        assert_eq!(status, expected, "{body} → {answer}");
        assert_eq!(answer["error"]["type"], kind, "{body} → {answer}");
    }
    let malformed = reqwest::Client::new()
        .post(app.url("/api/v1/links"))
        .bearer_auth(&key)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), 400);
    assert_eq!(app.count_rows("links").await, 0);
    assert_eq!(inquiries_created(&app).await, 0);
}

#[tokio::test]
async fn a_template_connected_only_to_another_tenant_is_refused() {
    let app = spawn_app().await;
    let (acme, _) = app.create_tenant("acme", "owner@acme.test").await;
    let (globex, _) = app.create_tenant("globex", "owner@globex.test").await;
    let template = app.connect_demo_template(&globex).await;
    let key = app.api_key(&acme).await;
    let (status, _) = app
        .api_post(
            &key,
            "/api/v1/links",
            &json!({"kind": "dedicated", "template_id": template.provider_template_id}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(app.count_rows("links").await, 0);
}

#[tokio::test]
async fn a_provider_failure_during_issue_leaves_no_half_made_link() {
    let app = spawn_app().await;
    let (key, template) = tenant_with_template(&app, "acme").await;
    app.sandbox_faults(&json!({"fail_next": 20})).await;
    let (status, answer) = app
        .api_post(
            &key,
            "/api/v1/links",
            &json!({"kind": "dedicated", "template_id": template}),
        )
        .await;
    assert_eq!(status, 503, "{answer}");
    assert_eq!(app.count_rows("links").await, 0);
    assert_eq!(app.count_rows("inquiries").await, 0);
}

#[tokio::test]
async fn the_same_idempotency_key_gives_the_same_link_once() {
    let app = spawn_app().await;
    let (key, template) = tenant_with_template(&app, "acme").await;
    let body = json!({"kind": "dedicated", "template_id": template, "reference_id": "r-1"});
    let send = || async {
        let response = reqwest::Client::new()
            .post(app.url("/api/v1/links"))
            .bearer_auth(&key)
            .header("idempotency-key", "create-r-1")
            .json(&body)
            .send()
            .await
            .unwrap();
        (
            response.status().as_u16(),
            response.json::<serde_json::Value>().await.unwrap(),
        )
    };
    let (first_status, first) = send().await;
    let (second_status, second) = send().await;
    assert_eq!((first_status, second_status), (201, 201));
    assert_eq!(first["id"], second["id"]);
    assert_eq!(first["url"], second["url"]);
    assert_eq!(app.count_rows("links").await, 1);
    assert_eq!(inquiries_created(&app).await, 1);
    let other = json!({"kind": "dedicated", "template_id": template, "reference_id": "r-2"});
    let reused = reqwest::Client::new()
        .post(app.url("/api/v1/links"))
        .bearer_auth(&key)
        .header("idempotency-key", "create-r-1")
        .json(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(reused.status(), 409, "a key reused for another request");
}

#[tokio::test]
async fn concurrent_posts_with_one_idempotency_key_have_one_effect() {
    let app = spawn_app().await;
    let (key, template) = tenant_with_template(&app, "acme").await;
    let body = json!({"kind": "dedicated", "template_id": template});
    let mut tasks = Vec::new();
    for _ in 0..5 {
        let (url, key, body) = (app.url("/api/v1/links"), key.clone(), body.clone());
        tasks.push(tokio::spawn(async move {
            let response = reqwest::Client::new()
                .post(url)
                .bearer_auth(key)
                .header("idempotency-key", "same-key")
                .json(&body)
                .send()
                .await
                .unwrap();
            (
                response.status().as_u16(),
                response.json::<serde_json::Value>().await.unwrap(),
            )
        }));
    }
    let mut ids = Vec::new();
    for task in tasks {
        let (status, json) = task.await.unwrap();
        assert_eq!(status, 201, "{json}");
        ids.push(json["id"].as_str().unwrap().to_owned());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1);
    assert_eq!(app.count_rows("links").await, 1);
}

#[tokio::test]
async fn another_tenants_link_and_inquiry_ids_answer_404_in_ui_and_api() {
    let app = spawn_app().await;
    let (key, template) = tenant_with_template(&app, "acme").await;
    let (globex_key, _) = tenant_with_template(&app, "globex").await;
    let link = app.issue_dedicated(&key, &template, json!({})).await;
    let id = link["id"].as_str().unwrap();
    let inquiry = link["inquiry_id"].as_str().unwrap();
    for path in [
        format!("/api/v1/links/{id}"),
        format!("/api/v1/inquiries/{inquiry}"),
    ] {
        let (status, answer) = app.api_get(&globex_key, &path).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(answer["error"]["type"], "not_found");
    }
    for path in [
        format!("/api/v1/links/{id}/revoke"),
        format!("/api/v1/inquiries/{inquiry}/session-token"),
        format!("/api/v1/inquiries/{inquiry}/access-link"),
    ] {
        let (status, _) = app.api_post(&globex_key, &path, &json!({})).await;
        assert_eq!(status, 404, "{path}");
    }
    let http = client();
    app.login(&http, "owner@globex.test").await;
    for path in [format!("/links/{id}"), format!("/links/{id}/qr.svg")] {
        assert_eq!(
            http.get(app.url(&path)).send().await.unwrap().status(),
            404,
            "{path}"
        );
    }
    let revoke = app
        .post_form(&http, "/links", &format!("/links/{id}/revoke"), &[])
        .await;
    assert_eq!(revoke.status(), 404);
    let (_, still) = app.api_get(&key, &format!("/api/v1/links/{id}")).await;
    assert_eq!(still["status"], "active");
}

#[tokio::test]
async fn links_are_listed_by_reference_id_with_a_cursor() {
    let app = spawn_app().await;
    let (key, template) = tenant_with_template(&app, "acme").await;
    for index in 0..3 {
        app.api_post(
            &key,
            "/api/v1/links",
            &json!({"kind": "static", "template_id": template, "reference_id": format!("campaign-{}", index % 2)}),
        )
        .await;
    }
    let (status, page) = app
        .api_get(&key, "/api/v1/links?reference_id=campaign-0")
        .await;
    assert_eq!(status, 200);
    assert_eq!(page["data"].as_array().unwrap().len(), 2);
    let (_, first) = app.api_get(&key, "/api/v1/links?limit=2").await;
    assert_eq!(first["data"].as_array().unwrap().len(), 2);
    let cursor = first["next_cursor"].as_str().unwrap();
    let (_, second) = app
        .api_get(&key, &format!("/api/v1/links?limit=2&after={cursor}"))
        .await;
    assert_eq!(second["data"].as_array().unwrap().len(), 1);
    assert!(second["next_cursor"].is_null());
    let (bad, _) = app.api_get(&key, "/api/v1/links?kind=shared").await;
    assert_eq!(bad, 400);
}

#[tokio::test]
async fn a_revoked_api_key_gets_401_at_once() {
    let app = spawn_app().await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let (created, key) = inquiry_portal::auth::api_keys::issue_key(
        &app.db,
        inquiry_portal::repo::TenantScope::new(tenant.id),
        "Backend",
        "system:test",
    )
    .await
    .unwrap();
    assert_eq!(app.api_get(&key, "/api/v1/links").await.0, 200);
    // The owner revokes it in the UI, right after it was used (and so cached).
    let owner = crate::support::client();
    app.login(&owner, "owner@acme.test").await;
    let revoked = app
        .post_form(
            &owner,
            "/api-keys",
            &format!("/api-keys/{}/revoke", created.public_id),
            &[],
        )
        .await;
    assert_eq!(revoked.status(), 303);
    let (status, answer) = app.api_get(&key, "/api/v1/links").await;
    assert_eq!(status, 401);
    assert_eq!(answer["error"]["type"], "unauthenticated");
    assert_eq!(
        app.api_get(
            "ilp_wrongprefix_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "/api/v1/links"
        )
        .await
        .0,
        401
    );
    let none = reqwest::get(app.url("/api/v1/links")).await.unwrap();
    assert_eq!(none.status(), 401);
    assert_eq!(none.headers()["www-authenticate"], "Bearer");
}

#[tokio::test]
async fn the_openapi_description_lists_every_endpoint() {
    let app = spawn_app().await;
    let spec: serde_json::Value = reqwest::get(app.url("/api/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/links",
        "/api/v1/links/{id}",
        "/api/v1/links/{id}/revoke",
        "/api/v1/inquiries/{id}",
        "/api/v1/inquiries/{id}/session-token",
        "/api/v1/inquiries/{id}/access-link",
    ] {
        assert!(spec["paths"].get(path).is_some(), "{path} missing");
    }
}

#[tokio::test]
async fn the_inquiry_page_shows_its_status_and_link_and_hides_other_tenants() {
    let app = spawn_app().await;
    let (key, template) = tenant_with_template(&app, "acme").await;
    tenant_with_template(&app, "globex").await;
    let link = app
        .issue_dedicated(&key, &template, json!({"reference_id": "cust-9"}))
        .await;
    let inquiry = link["inquiry_id"].as_str().unwrap();
    let owner = client();
    app.login(&owner, "owner@acme.test").await;
    let page = owner
        .get(app.url(&format!("/inquiries/{inquiry}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let body = page.text().await.unwrap();
    assert!(body.contains(link["id"].as_str().unwrap()));
    assert!(body.contains("cust-9"));
    assert!(body.contains("created"));
    let other = client();
    app.login(&other, "owner@globex.test").await;
    let foreign = other
        .get(app.url(&format!("/inquiries/{inquiry}")))
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 404);
}
