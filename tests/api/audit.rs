//! `/audit` and `/audit.csv`: filters, paging, tenant isolation, CSV safety, read-only.

use inquiry_portal::{
    domain::Role,
    entities::audit_events,
    repo::{self, audit::AuditEntry, TenantScope},
    views::timeline::link_timeline,
};
use sea_orm::{sea_query::Expr, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use crate::support::{client, spawn_app, TestApp};

async fn record(app: &TestApp, tenant_id: i32, actor: &str, action: &str, subject: Option<&str>) {
    repo::audit::record(
        &app.db.connection,
        AuditEntry {
            tenant_id: Some(tenant_id),
            actor,
            action,
            subject,
            details: Some(json!({"from": "pending", "to": "completed"})),
        },
    )
    .await
    .unwrap();
}

/// Moves every event of `action` to noon UTC of `date` (YYYY-MM-DD).
async fn backdate(app: &TestApp, action: &str, date: &str) {
    let at = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp();
    audit_events::Entity::update_many()
        .col_expr(audit_events::Column::CreatedAt, Expr::value(at))
        .filter(audit_events::Column::Action.eq(action))
        .exec(&app.db.connection)
        .await
        .unwrap();
}

async fn get(client: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let response = client.get(app.url(path)).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn the_audit_trail_filters_by_actor_action_link_and_date() {
    let app = spawn_app().await;
    let (tenant, owner) = app.create_tenant("acme", "owner@acme.test").await;
    let owner_actor = format!("user:{}", owner.public_id);
    record(
        &app,
        tenant.id,
        "system:webhook",
        "inquiry.status_changed",
        Some("link:lnk_aaaaaaaaaaaa"),
    )
    .await;
    record(
        &app,
        tenant.id,
        "system:reconciler",
        "link.completed",
        Some("link:lnk_bbbbbbbbbbbb"),
    )
    .await;
    record(
        &app,
        tenant.id,
        &owner_actor,
        "api_key.created",
        Some("api_key:key_x"),
    )
    .await;
    backdate(&app, "link.completed", "2026-01-10").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;

    let (status, page) = get(&http, &app, "/audit").await;
    assert_eq!(status, 200);
    for expected in [
        "Inquiry status changed",
        "Link completed",
        "API key created",
        "Provider webhook",
        "Status check",
        "owner@acme.test",
        "pending → completed",
    ] {
        assert!(page.contains(expected), "{expected} missing");
    }

    let (_, by_actor) = get(&http, &app, "/audit?actor=system%3Awebhook").await;
    assert!(by_actor.contains("lnk_aaaaaaaaaaaa") && !by_actor.contains("lnk_bbbbbbbbbbbb"));

    let (_, by_action) = get(&http, &app, "/audit?action=api_key.created").await;
    assert!(by_action.contains("API key created"));
    assert!(!by_action.contains("lnk_aaaaaaaaaaaa") && !by_action.contains("lnk_bbbbbbbbbbbb"));

    let (_, by_link) = get(&http, &app, "/audit?link=lnk_bbbbbbbbbbbb").await;
    assert!(by_link.contains(r#"href="/links/lnk_bbbbbbbbbbbb""#));
    assert!(!by_link.contains("lnk_aaaaaaaaaaaa"));

    let (_, by_date) = get(&http, &app, "/audit?from=2026-01-10&to=2026-01-10").await;
    assert!(by_date.contains("lnk_bbbbbbbbbbbb") && !by_date.contains("lnk_aaaaaaaaaaaa"));
    let (_, before_it) = get(&http, &app, "/audit?to=2026-01-09").await;
    assert!(!before_it.contains("lnk_bbbbbbbbbbbb") && before_it.contains("No events"));
}

#[tokio::test]
async fn bad_filters_get_a_clear_400_with_the_form_again_and_no_500() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    let long_actor = format!("actor={}", "x".repeat(200));
    for (query, message) in [
        ("link=not-a-link", "Enter a link id"),
        ("from=2026-13-45", "The from date must look like"),
        ("from=2026-02-01&to=2026-01-01", "must not be after"),
        ("after=forged-cursor", "not valid any more"),
        (long_actor.as_str(), "too long"),
    ] {
        let (status, page) = get(&http, &app, &format!("/audit?{query}")).await;
        assert_eq!(status, 400, "{query}");
        assert!(page.contains(message), "{query}: {message}");
        assert!(
            page.contains(r#"action="/audit""#),
            "the form is shown again"
        );
        let csv = http
            .get(app.url(&format!("/audit.csv?{query}")))
            .send()
            .await
            .unwrap();
        assert_eq!(csv.status(), 400, "{query}");
    }
}

#[tokio::test]
async fn the_audit_trail_pages_newest_first_with_an_opaque_cursor() {
    let app = spawn_app().await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    for n in 0..60 {
        record(
            &app,
            tenant.id,
            "system:webhook",
            "inquiry.status_changed",
            Some(&format!("link:lnk_page{n:08}")),
        )
        .await;
    }
    let http = client();
    app.login(&http, "owner@acme.test").await;

    let (_, first) = get(&http, &app, "/audit?actor=system%3Awebhook").await;
    assert!(first.contains("lnk_page00000059") && first.contains("lnk_page00000010"));
    assert!(!first.contains("lnk_page00000009"));
    let older = regex::Regex::new(r#"href="(/audit\?[^"]*after=[^"]+)""#)
        .unwrap()
        .captures(&first)
        .expect("an Older link")[1]
        .replace("&amp;", "&");
    assert!(older.contains("actor=system"), "filters are kept: {older}");
    let (status, second) = get(&http, &app, &older).await;
    assert_eq!(status, 200);
    assert!(second.contains("lnk_page00000009") && second.contains("lnk_page00000000"));
    assert!(!second.contains("lnk_page00000010"));
    assert!(
        !second.contains("after="),
        "the last page has no Older link"
    );

    // The cursor is bound to the tenant: another tenant's user cannot use it.
    app.create_tenant("globex", "owner@globex.test").await;
    let other = client();
    app.login(&other, "owner@globex.test").await;
    let (status, _) = get(&other, &app, &older).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn another_tenants_events_never_appear_on_the_audit_trail_or_in_its_export() {
    let app = spawn_app().await;
    let (acme, _) = app.create_tenant("acme", "owner@acme.test").await;
    let (globex, _) = app.create_tenant("globex", "owner@globex.test").await;
    record(
        &app,
        acme.id,
        "system:webhook",
        "inquiry.status_changed",
        Some("link:lnk_acmeacmeacme"),
    )
    .await;
    record(
        &app,
        globex.id,
        "system:webhook",
        "inquiry.status_changed",
        Some("link:lnk_globexglobex"),
    )
    .await;
    let http = client();
    app.login(&http, "owner@acme.test").await;

    for path in [
        "/audit",
        "/audit?link=lnk_globexglobex",
        "/audit.csv",
        "/audit.csv?link=lnk_globexglobex",
    ] {
        let (status, body) = get(&http, &app, path).await;
        assert_eq!(status, 200, "{path}");
        // The filter form shows what was typed; the events must not include the other's.
        assert!(
            !body.contains("/links/lnk_globexglobex"),
            "{path} shows the other tenant"
        );
        if path.starts_with("/audit.csv") {
            assert!(!body.contains("globex"), "{path} exports the other tenant");
        }
    }
    let (_, own) = get(&http, &app, "/audit.csv").await;
    assert!(own.contains("lnk_acmeacmeacme"));
}

#[tokio::test]
async fn the_csv_export_is_an_attachment_and_neutralises_formula_cells() {
    let app = spawn_app().await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    for (actor, action) in [("=cmd|' /C calc'!A0", "+SUM(1,2)"), ("@evil", "-2+3")] {
        repo::audit::record(
            &app.db.connection,
            AuditEntry {
                tenant_id: Some(tenant.id),
                actor,
                action,
                subject: Some("=HYPERLINK(\"http://evil.test\")"),
                details: None,
            },
        )
        .await
        .unwrap();
    }
    let http = client();
    app.login(&http, "owner@acme.test").await;

    let response = http.get(app.url("/audit.csv")).send().await.unwrap();

    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.starts_with("attachment;") && disposition.contains(".csv"),
        "{disposition}"
    );
    let csv = response.text().await.unwrap();
    assert!(
        csv.starts_with("\"time_utc\",\"actor\",\"action\""),
        "{csv}"
    );
    for line in csv.lines().skip(1) {
        for cell in line.split("\",\"") {
            let cell = cell.trim_matches('"');
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "unsafe cell {cell} in {line}"
            );
        }
    }
    assert!(csv.contains("\"'=cmd|' /C calc'!A0\""));
    assert!(csv.contains("\"'+SUM(1,2)\""));
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://evil.test\"\")\""));
    assert!(csv.contains("\"'@evil\"") && csv.contains("\"'-2+3\""));
}

#[tokio::test]
async fn viewers_can_read_the_audit_trail_but_cannot_post_anything() {
    let app = spawn_app().await;
    let (tenant, owner) = app.create_tenant("acme", "owner@acme.test").await;
    app.create_user(&tenant, "viewer@acme.test", Role::Viewer)
        .await;
    let http = client();
    app.login(&http, "viewer@acme.test").await;

    let (status, page) = get(&http, &app, "/audit").await;
    assert_eq!(status, 200);
    assert!(page.contains("Audit trail"));
    assert_eq!(get(&http, &app, "/audit.csv").await.0, 200);

    let tables = [
        "users",
        "invitations",
        "outbox_messages",
        "api_keys",
        "audit_events",
        "links",
        "inquiries",
    ];
    let mut before = Vec::new();
    for table in tables {
        before.push(app.count_rows(table).await);
    }
    for (path, fields) in [
        (
            "/users",
            vec![("email", "new@acme.test"), ("role", "owner")],
        ),
        ("/api-keys", vec![("name", "sneaky")]),
        (
            &format!("/users/{}/disable", owner.public_id) as &str,
            vec![],
        ),
        ("/audit", vec![]),
    ] {
        let response = app.post_form(&http, "/audit", path, &fields).await;
        assert!(
            [403, 404, 405].contains(&response.status().as_u16()),
            "{path}: {}",
            response.status()
        );
    }
    for (table, count) in tables.iter().zip(before) {
        assert_eq!(app.count_rows(table).await, count, "{table} changed");
    }
}

#[tokio::test]
async fn the_link_timeline_lists_a_links_events_newest_first_with_readable_names() {
    let app = spawn_app().await;
    let (tenant, owner) = app.create_tenant("acme", "owner@acme.test").await;
    let scope = TenantScope::new(tenant.id);
    let subject = repo::audit::link_subject("lnk_timeline0001");
    let owner_actor = format!("user:{}", owner.public_id);
    record(
        &app,
        tenant.id,
        &owner_actor,
        "link.completed",
        Some(&subject),
    )
    .await;
    record(
        &app,
        tenant.id,
        "system:webhook",
        "inquiry.status_changed",
        Some(&subject),
    )
    .await;
    record(
        &app,
        tenant.id,
        "system:webhook",
        "inquiry.status_changed",
        Some("link:lnk_other0000001"),
    )
    .await;

    let events = repo::audit::for_subject(&app.db.connection, scope, &subject, 10)
        .await
        .unwrap();
    let names = [(owner_actor.clone(), owner.email.clone())]
        .into_iter()
        .collect();
    let html = link_timeline(&events, &names).into_string();

    assert_eq!(events.len(), 2);
    assert_eq!(events[0].action, "inquiry.status_changed");
    let changed = html.find("Inquiry status changed").unwrap();
    let completed = html.find("Link completed").unwrap();
    assert!(changed < completed, "newest first");
    assert!(html.contains("owner@acme.test") && html.contains("Provider webhook"));
    assert!(html.contains("pending → completed"));
    assert!(link_timeline(&[], &names)
        .into_string()
        .contains("Nothing has happened yet"));
}
