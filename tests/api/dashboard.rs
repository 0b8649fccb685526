//! The dashboard and the operator's usage page: counts, funnel, expiring and stale links,
//! empty states, tenant isolation, and GETs that write nothing.

use inquiry_portal::{
    domain::{InquiryStatus, LinkKind},
    repo,
};

use crate::support::{
    client, spawn_app,
    status::{seed_inquiry, seed_link, seed_template, CURRENT_VERSION, OLD_VERSION},
    TestApp,
};

async fn page(app: &TestApp, email: &str, path: &str) -> (u16, String) {
    let http = client();
    app.login(&http, email).await;
    let response = http.get(app.url(path)).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// acme: three links (one opened, one expiring within the hour, one on an old version),
/// inquiries completed, pending and expired.
async fn seed_acme(app: &TestApp) {
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let template = seed_template(app, &tenant).await;
    let done = seed_link(
        app,
        &tenant,
        &template,
        LinkKind::Dedicated,
        "cust-done",
        7 * 86_400,
    )
    .await;
    let soon = seed_link(
        app,
        &tenant,
        &template,
        LinkKind::Dedicated,
        "cust-soon",
        3_600,
    )
    .await;
    let stale = seed_link(
        app,
        &tenant,
        &template,
        LinkKind::Dedicated,
        "cust-stale",
        7 * 86_400,
    )
    .await;
    repo::links::add_clicks(&app.db.connection, done.id, 2, 1)
        .await
        .unwrap();
    seed_inquiry(
        app,
        &tenant,
        Some(&done),
        InquiryStatus::Completed,
        CURRENT_VERSION,
    )
    .await;
    seed_inquiry(
        app,
        &tenant,
        Some(&soon),
        InquiryStatus::Pending,
        CURRENT_VERSION,
    )
    .await;
    seed_inquiry(
        app,
        &tenant,
        Some(&stale),
        InquiryStatus::Created,
        OLD_VERSION,
    )
    .await;
    seed_inquiry(app, &tenant, None, InquiryStatus::Expired, CURRENT_VERSION).await;
}

#[tokio::test]
async fn the_dashboard_counts_inquiries_by_status_and_draws_the_funnel() {
    let app = spawn_app().await;
    seed_acme(&app).await;

    let (status, html) = page(&app, "owner@acme.test", "/").await;

    assert_eq!(status, 200);
    for badge in ["completed", "pending", "created", "expired"] {
        assert!(
            html.contains(&format!(">{badge}</span>")),
            "{badge} count missing"
        );
    }
    assert!(html.contains("<svg"), "the funnel is an SVG");
    assert!(
        html.contains("Issued: 3, Opened: 1, Started: 2, Completed: 1, Failed: 0, Expired: 0"),
        "funnel numbers"
    );
    assert!(!html.contains("<script>"), "no inline script");
}

#[tokio::test]
async fn the_dashboard_lists_links_expiring_within_a_day_and_links_on_a_superseded_version() {
    let app = spawn_app().await;
    seed_acme(&app).await;

    let (_, html) = page(&app, "owner@acme.test", "/").await;

    let expiring = html
        .split("Expiring in the next 24 hours")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .unwrap();
    assert!(
        expiring.contains("cust-soon") && expiring.contains("in 1 h"),
        "{expiring}"
    );
    assert!(!expiring.contains("cust-done"));
    let stale = html
        .split("On a superseded template version")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .unwrap();
    assert!(
        stale.contains("cust-stale")
            && stale.contains(OLD_VERSION)
            && stale.contains(CURRENT_VERSION)
    );
    assert!(!stale.contains("cust-soon"));
    assert!(stale.contains("/links/lnk_"), "rows link to the link page");
}

#[tokio::test]
async fn a_tenant_with_nothing_yet_sees_friendly_empty_states() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;

    let (status, html) = page(&app, "owner@acme.test", "/").await;

    assert_eq!(status, 200);
    for text in [
        "No links yet",
        "Nothing expires soon",
        "All open links are on the latest version",
    ] {
        assert!(html.contains(text), "{text}");
    }
}

#[tokio::test]
async fn another_tenants_data_never_appears_on_the_dashboard() {
    let app = spawn_app().await;
    seed_acme(&app).await;
    app.create_tenant("globex", "owner@globex.test").await;

    let (_, html) = page(&app, "owner@globex.test", "/").await;

    for leaked in ["cust-done", "cust-soon", "cust-stale", "owner@acme.test"] {
        assert!(!html.contains(leaked), "{leaked} leaked");
    }
    assert!(html.contains("Issued: 0, Opened: 0") || html.contains("No links yet"));
    assert!(html.contains("No links yet"));
}

#[tokio::test]
async fn operators_see_usage_across_tenants_and_tenant_users_cannot() {
    let app = spawn_app().await;
    seed_acme(&app).await;
    app.create_tenant("globex", "owner@globex.test").await;
    app.create_operator("ops@portal.test").await;

    let (status, html) = page(&app, "ops@portal.test", "/operator/usage").await;
    assert_eq!(status, 200);
    assert!(html.contains("Tenant acme") && html.contains("Tenant globex"));
    assert!(
        html.contains("1 completed") && html.contains("30 days"),
        "usage against the ceiling"
    );
    assert!(
        html.contains(r#"href="/operator/usage""#),
        "in the operator's navigation"
    );

    let (status, _) = page(&app, "owner@acme.test", "/operator/usage").await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn get_requests_change_no_rows() {
    let app = spawn_app().await;
    seed_acme(&app).await;
    app.create_operator("ops@portal.test").await;
    let owner = client();
    app.login(&owner, "owner@acme.test").await;
    let operator = client();
    app.login(&operator, "ops@portal.test").await;
    let tables = [
        "audit_events",
        "links",
        "inquiries",
        "users",
        "api_keys",
        "processed_webhook_events",
        "inquiry_checks",
        "sessions",
    ];
    let mut before = Vec::new();
    for table in tables {
        before.push(app.count_rows(table).await);
    }

    for path in [
        "/",
        "/audit",
        "/audit?action=link.completed",
        "/audit.csv",
        "/webhooks/persona",
    ] {
        owner.get(app.url(path)).send().await.unwrap();
    }
    operator
        .get(app.url("/operator/usage"))
        .send()
        .await
        .unwrap();

    for (table, count) in tables.iter().zip(before) {
        assert_eq!(app.count_rows(table).await, count, "{table} changed on GET");
    }
}
