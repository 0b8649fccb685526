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
    // What a database restart does to the application: every connection is cut.
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
