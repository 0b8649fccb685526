//! PostgreSQL-only behaviour; these run in the PostgreSQL pass (`TEST_DATABASE_URL`).

use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};

use crate::support::{client, eventually, spawn_app, TestApp};

fn on_postgres(app: &TestApp) -> bool {
    let postgres = app.db.connection.get_database_backend() == DatabaseBackend::Postgres;
    if !postgres {
        eprintln!("not on PostgreSQL: test not applicable");
    }
    postgres
}

async fn explain(app: &TestApp, query: &str) -> String {
    let rows = app
        .db
        .connection
        .query_all_raw(Statement::from_string(
            DatabaseBackend::Postgres,
            format!("EXPLAIN {query}"),
        ))
        .await
        .unwrap();
    rows.iter()
        .filter_map(|row| row.try_get_by_index::<String>(0).ok())
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn the_hot_queries_use_indexes() {
    let app = spawn_app().await;
    if !on_postgres(&app) {
        return;
    }
    // Planner statistics would prefer a scan on empty tables; ask it not to.
    app.db
        .connection
        .execute_unprepared("SET enable_seqscan = off")
        .await
        .unwrap();
    for (query, index) in [
        ("SELECT * FROM links WHERE token_hash = 'x'", "token_hash"),
        (
            "SELECT * FROM links WHERE tenant_id = 1 ORDER BY id DESC LIMIT 26",
            "idx_links_tenant_id",
        ),
        (
            "SELECT * FROM inquiries WHERE provider_inquiry_id = 'inq_x'",
            "provider_inquiry_id",
        ),
        (
            "SELECT * FROM link_browsers WHERE link_id = 1 AND browser_hash = 'x'",
            "idx_link_browsers_link_browser",
        ),
        ("SELECT * FROM api_keys WHERE prefix = 'x'", "prefix"),
        (
            "SELECT * FROM sessions WHERE key_hash = 'x'",
            "sessions_pkey",
        ),
    ] {
        let plan = explain(&app, query).await;
        assert!(
            plan.contains("Index"),
            "{query} does not use an index:\n{plan}"
        );
        assert!(
            plan.contains(index) || plan.contains("_key") || plan.contains("_pkey"),
            "{query}: {plan}"
        );
    }
}

/// What a database restart does to the application: every connection is cut.
async fn cut_every_connection(app: &TestApp) {
    let database: String = app
        .db
        .connection
        .query_one_raw(Statement::from_string(
            DatabaseBackend::Postgres,
            "SELECT current_database()",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index(0)
        .unwrap();
    let admin = sea_orm::Database::connect(std::env::var("TEST_DATABASE_URL").unwrap())
        .await
        .unwrap();
    admin
        .execute_raw(Statement::from_string(
            DatabaseBackend::Postgres,
            format!(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                 WHERE datname = '{database}' AND pid <> pg_backend_pid()"
            ),
        ))
        .await
        .unwrap();
    let _ = admin.close().await;
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    app.db
        .connection
        .query_one_raw(Statement::from_string(DatabaseBackend::Postgres, sql))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index(0)
        .unwrap()
}

#[tokio::test]
async fn the_pool_recovers_by_itself_after_its_connections_are_killed() {
    let app = spawn_app().await;
    if !on_postgres(&app) {
        return;
    }
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    assert_eq!(http.get(app.url("/")).send().await.unwrap().status(), 200);
    cut_every_connection(&app).await;
    let started = std::time::Instant::now();
    let recovered = eventually(Duration::from_secs(10), || async {
        http.get(app.url("/"))
            .send()
            .await
            .map(|r| r.status().as_u16())
            .ok()
            == Some(200)
            && http
                .get(app.url("/readyz"))
                .send()
                .await
                .map(|r| r.status().as_u16())
                .ok()
                == Some(200)
    })
    .await;
    assert!(recovered, "the pool did not recover within 10 s");
    eprintln!("recovered after {:?}", started.elapsed());
}

#[tokio::test]
async fn cutting_every_connection_during_steady_issuing_fails_briefly_and_half_applies_nothing() {
    let app = spawn_app().await;
    if !on_postgres(&app) {
        return;
    }
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let template = app.connect_demo_template(&tenant).await;
    let key = app.api_key(&tenant).await;
    let started = std::time::Instant::now();
    let run_for = Duration::from_secs(6);
    // Four backends issuing links; each answer is kept with its time.
    let issuers: Vec<_> = (0..4)
        .map(|_| {
            let (url, key) = (app.url("/api/v1/links"), key.clone());
            let body = serde_json::json!({
                "kind": "dedicated",
                "template_id": template.provider_template_id,
            });
            tokio::spawn(async move {
                let http = reqwest::Client::new();
                let mut answers = Vec::new();
                while started.elapsed() < run_for {
                    let status = match http.post(&url).bearer_auth(&key).json(&body).send().await {
                        Ok(response) => response.status().as_u16(),
                        Err(_) => 0,
                    };
                    answers.push((started.elapsed(), status));
                    // Steady, and under the API's and the sandbox's per-minute limits.
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
                answers
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let cut_at = started.elapsed();
    cut_every_connection(&app).await;
    let mut answers = Vec::new();
    for issuer in issuers {
        answers.extend(issuer.await.unwrap());
    }

    let failures: Vec<_> = answers
        .iter()
        .filter(|(_, status)| *status != 201)
        .collect();
    assert!(
        failures.iter().all(|(_, status)| *status >= 500),
        "failures are the server's, never a 4xx or a dropped connection: {failures:?}"
    );
    assert!(
        failures
            .iter()
            .all(|(at, _)| *at >= cut_at && *at < cut_at + Duration::from_secs(3)),
        "errors only in the seconds after the cut: {failures:?}"
    );
    let issued = answers.iter().filter(|(_, status)| *status == 201).count() as i64;
    eprintln!(
        "{issued} links issued, {} requests failed around the cut",
        answers.len() as i64 - issued
    );
    assert!(
        answers
            .iter()
            .any(|(at, status)| *status == 201 && *at > cut_at + Duration::from_secs(3)),
        "issuing works again after the cut"
    );
    // Each link is whole: its inquiry and its audit entry, or nothing at all.
    let links = count(&app, "SELECT COUNT(*) FROM links").await;
    assert!(links >= issued, "every 201 is a stored link");
    let whole = count(
        &app,
        "SELECT COUNT(*) FROM links l JOIN inquiries i ON i.id = l.current_inquiry_id \
         AND i.link_id = l.id",
    )
    .await;
    assert_eq!(whole, links, "every link has its inquiry");
    let audited = count(
        &app,
        "SELECT COUNT(*) FROM audit_events WHERE action = 'link.issued'",
    )
    .await;
    assert_eq!(audited, links, "every link has its audit entry, once");
}
