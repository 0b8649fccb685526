//! Stopping an application stops its background work (the portal's jobs and the sandbox's
//! loops), which lets go of its state and closes its database connections. Without that,
//! every stopped application kept its pool open, and a run of many (the acceptance
//! scenarios on PostgreSQL) ran out of connections.

use std::time::Duration;

use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;

use crate::support::{
    client, eventually,
    links::{browser, click_and_continue},
    status::spawn_app_with_webhooks,
};

/// Connections open to the database `name`, on PostgreSQL (`None` on SQLite).
async fn connections_to(name: &str) -> Option<i64> {
    let base = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|url| !url.is_empty())?;
    let admin = sea_orm::Database::connect(&base).await.expect("connect");
    let row = admin
        .query_one_raw(Statement::from_string(
            admin.get_database_backend(),
            format!("SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = '{name}'"),
        ))
        .await
        .expect("query")
        .expect("a row");
    let _ = admin.close().await;
    Some(row.try_get::<i64>("", "n").expect("count"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_application_lets_go_of_its_state_and_closes_its_database_connections() {
    let app = spawn_app_with_webhooks().await;
    // Some work first, so every job and the sandbox's webhook sender have run.
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let template = app.connect_demo_template(&tenant).await;
    let key = app.api_key(&tenant).await;
    let link = app
        .issue_dedicated(&key, &template.provider_template_id, json!({}))
        .await;
    click_and_continue(&browser(), link["url"].as_str().expect("url")).await;
    app.login(&client(), "owner@acme.test").await;
    let state = std::sync::Arc::downgrade(&app.state.clone().into_inner());
    let database = app
        .settings
        .database_url
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned();

    drop(app);

    let released = eventually(Duration::from_secs(10), || async {
        state.strong_count() == 0
    })
    .await;
    assert!(
        released,
        "{} holders of the stopped application's state remain",
        state.strong_count()
    );
    let closed = eventually(Duration::from_secs(10), || async {
        connections_to(&database).await.is_none_or(|n| n == 0)
    })
    .await;
    assert!(
        closed,
        "{:?} connections to {database} remain",
        connections_to(&database).await
    );
}
