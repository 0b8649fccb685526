use crate::support::{client, spawn_app};

#[tokio::test]
async fn healthz_answers_ok() {
    let app = spawn_app().await;
    let response = client().get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "ok");
}

#[tokio::test]
async fn readyz_answers_ok_while_the_database_is_reachable() {
    let app = spawn_app().await;
    let response = client().get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn an_unknown_page_is_a_404_page_without_internals() {
    let app = spawn_app().await;
    let response = client().get(app.url("/no/such/page")).send().await.unwrap();
    assert_eq!(response.status(), 404);
    let body = response.text().await.unwrap();
    assert!(body.contains("We couldn't find that page"));
}

#[tokio::test]
async fn metrics_count_requests_by_route_pattern_without_tokens() {
    let app = spawn_app().await;
    let http = client();
    http.get(app.url("/healthz")).send().await.unwrap();
    http.get(app.url("/l/SECRETSECRETSECRETSECRETSECRET12"))
        .send()
        .await
        .unwrap();
    // A route inside a scope is labelled with its whole pattern.
    http.post(app.url("/api/v1/inquiries/inq_SECRETSECRET/session-token"))
        .send()
        .await
        .unwrap();
    let response = http.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    let text = response.text().await.unwrap();
    assert!(text
        .contains("portal_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"}"));
    assert!(text.contains("route=\"/l/{token}\",status=\"404\""));
    assert!(text.contains("route=\"/api/v1/inquiries/{id}/session-token\",status=\"401\""));
    assert!(text.contains("portal_http_request_duration_seconds_bucket"));
    assert!(text.contains("portal_cache_hit_ratio{cache=\"link\"}"));
    assert!(text.contains("portal_cache_hit_ratio{cache=\"inquiry\"}"));
    assert!(!text.contains("SECRETSECRET"), "no token in any label");
}

#[tokio::test]
async fn with_the_database_gone_pages_fail_generically_and_readyz_says_so() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    // The test shares the application's pool: closing it is the database going away.
    app.db.connection.clone().close().await.unwrap();
    // Probes carry no cookies.
    let probe = client();
    let ready = probe.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 503);
    let page = http.get(app.url("/")).send().await.unwrap();
    assert!(page.status().is_server_error(), "{}", page.status());
    let body = page.text().await.unwrap().to_lowercase();
    for internal in ["sqlx", "sqlite", "select ", "pool", "src/", "panicked"] {
        assert!(
            !body.contains(internal),
            "the error page shows {internal:?}"
        );
    }
    assert_eq!(
        probe
            .get(app.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}

#[tokio::test]
async fn metrics_report_the_reconciler_and_sandbox_outbox_queue_depths() {
    let app = spawn_app().await;
    let metric = |text: &str, name: &str| -> Option<u64> {
        text.lines()
            .find_map(|line| line.strip_prefix(&format!("{name} ")))
            .and_then(|value| value.trim().parse().ok())
    };
    let scrape = || async {
        client()
            .get(app.url("/metrics"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    let before = scrape().await;
    assert_eq!(metric(&before, "portal_reconciler_inquiries_due"), Some(0));
    assert!(metric(&before, "portal_sandbox_webhooks_pending").is_some());

    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let template = app.connect_demo_template(&tenant).await;
    let key = app.api_key(&tenant).await;
    for _ in 0..2 {
        app.issue_dedicated(&key, &template.provider_template_id, serde_json::json!({}))
            .await;
    }
    let after = scrape().await;
    assert_eq!(
        metric(&after, "portal_reconciler_inquiries_due"),
        Some(2),
        "two new inquiries, never checked, are due"
    );
}
