//! Exactly once on the tenant API (DESIGN 13.2): `Idempotency-Key` on every POST, claims
//! of dead requests taken over, answers stored with what they answer, records purged.

use std::time::Duration;

use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};

use crate::{
    access::{pending_link, resumes, str_of, tenant, Tenant},
    support::{eventually, spawn_app, TestApp},
};

/// A POST to the tenant API with exactly these body bytes and, when given, a key.
async fn post(
    app: &TestApp,
    api_key: &str,
    path: &str,
    key: Option<&str>,
    body: &str,
) -> (u16, bool, Value) {
    let mut request = reqwest::Client::new()
        .post(app.url(path))
        .bearer_auth(api_key)
        .header("content-type", "application/json")
        .body(body.to_owned());
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    let response = request.send().await.expect("API POST");
    let status = response.status().as_u16();
    let replayed = response
        .headers()
        .get("idempotent-replayed")
        .is_some_and(|v| v == "true");
    (
        status,
        replayed,
        response.json().await.unwrap_or(Value::Null),
    )
}

async fn sql(app: &TestApp, statement: &str) -> u64 {
    let backend = app.db.connection.get_database_backend();
    app.db
        .connection
        .execute_raw(Statement::from_string(backend, statement.to_owned()))
        .await
        .unwrap_or_else(|error| panic!("{statement}: {error}"))
        .rows_affected()
}

fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

async fn sandbox_inquiries(app: &TestApp) -> u64 {
    app.sandbox_stats().await["inquiries_created"]
        .as_u64()
        .unwrap_or(0)
}

/// Sends the POST twice with one key: the same status and body, the second marked as a
/// replay. Returns the answer.
async fn twice(app: &TestApp, tenant: &Tenant, path: &str, key: &str) -> (u16, Value) {
    let (first_status, first_replayed, first) = post(app, &tenant.key, path, Some(key), "{}").await;
    let (second_status, second_replayed, second) =
        post(app, &tenant.key, path, Some(key), "{}").await;
    assert!(!first_replayed, "{path}: the first request runs");
    assert!(second_replayed, "{path}: the repeat is a replay");
    assert_eq!(first_status, second_status, "{path}");
    assert_eq!(first, second, "{path}: the same answer");
    (first_status, first)
}

#[tokio::test]
async fn every_tenant_api_post_repeated_with_one_key_has_one_effect_and_the_same_answer() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let (link, _, inquiry_id) = pending_link(&app, &acme, json!({})).await;
    let id = str_of(&link, "id");

    let (status, minted) = twice(
        &app,
        &acme,
        &format!("/api/v1/inquiries/{inquiry_id}/access-link"),
        "access-1",
    )
    .await;
    assert_eq!(status, 201, "{minted}");
    assert_eq!(app.count_rows("access_links").await, 1, "one access link");

    let before = resumes(&app).await;
    let (status, token) = twice(
        &app,
        &acme,
        &format!("/api/v1/inquiries/{inquiry_id}/session-token"),
        "token-1",
    )
    .await;
    assert_eq!(status, 200, "{token}");
    assert!(resumes(&app).await - before <= 1, "at most one resume");

    for (action, state) in [
        ("pause", "paused"),
        ("resume", "active"),
        ("revoke", "revoked"),
    ] {
        let path = format!("/api/v1/links/{id}/{action}");
        let (status, answer) = twice(&app, &acme, &path, &format!("{action}-1")).await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["status"], state);
    }
    let events = crate::access::actions(&app, &acme).await;
    for action in ["link.paused", "link.resumed", "link.revoked"] {
        let count = events.iter().filter(|event| *event == action).count();
        assert_eq!(count, 1, "{action} happened once");
    }

    let body = json!({"kind": "dedicated", "template_id": acme.template_id()}).to_string();
    let (first_status, _, first) =
        post(&app, &acme.key, "/api/v1/links", Some("new-1"), &body).await;
    let (_, replayed, second) = post(&app, &acme.key, "/api/v1/links", Some("new-1"), &body).await;
    assert_eq!(first_status, 201, "{first}");
    assert!(replayed);
    assert_eq!(first, second);
    assert_eq!(
        app.count_rows("links").await,
        2,
        "the pending link and one new one"
    );
}

#[tokio::test]
async fn a_claim_whose_request_died_is_taken_over_after_a_minute() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let body = json!({"kind": "dedicated", "template_id": acme.template_id()}).to_string();
    // What `kill -9` during a POST leaves behind: a claim without an answer, here 61 s old.
    let hash = inquiry_portal::crypto::sha256_hex(format!("POST /api/v1/links {body}"));
    sql(
        &app,
        &format!(
            "INSERT INTO idempotency_records (tenant_id, idempotency_key, request_hash, created_at) \
             VALUES ({}, 'died-1', '{hash}', {})",
            acme.tenant.id,
            unix_now() - 61
        ),
    )
    .await;

    let (status, replayed, link) =
        post(&app, &acme.key, "/api/v1/links", Some("died-1"), &body).await;
    assert_eq!(
        status, 201,
        "the retry runs instead of waiting forever: {link}"
    );
    assert!(!replayed);
    let (status, replayed, again) =
        post(&app, &acme.key, "/api/v1/links", Some("died-1"), &body).await;
    assert_eq!((status, replayed), (201, true));
    assert_eq!(again["id"], link["id"]);
    assert_eq!(app.count_rows("links").await, 1);
    assert_eq!(app.count_rows("idempotency_records").await, 1);
}

#[tokio::test]
async fn a_link_that_committed_without_its_stored_answer_is_answered_again_on_retry() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let body =
        json!({"kind": "dedicated", "template_id": acme.template_id(), "reference_id": "r-9"})
            .to_string();
    let (status, _, link) = post(&app, &acme.key, "/api/v1/links", Some("cut-1"), &body).await;
    assert_eq!(status, 201, "{link}");
    // A crash between the link's commit and the answer's (what older versions could leave):
    // the link exists, the stored answer does not.
    sql(&app, "DELETE FROM idempotency_records").await;

    let (status, _, again) = post(&app, &acme.key, "/api/v1/links", Some("cut-1"), &body).await;
    assert_eq!(
        status, 201,
        "answered from what was committed, not a 500: {again}"
    );
    for field in ["id", "url", "inquiry_id", "reference_id", "status"] {
        assert_eq!(again[field], link[field], "{field}");
    }
    assert_eq!(app.count_rows("links").await, 1, "no second link");
    assert_eq!(app.count_rows("inquiries").await, 1, "no second inquiry");
    assert_eq!(
        sandbox_inquiries(&app).await,
        1,
        "one inquiry at the provider"
    );
    let (status, replayed, third) =
        post(&app, &acme.key, "/api/v1/links", Some("cut-1"), &body).await;
    assert_eq!((status, replayed), (201, true), "the answer is stored now");
    assert_eq!(third["id"], link["id"]);
}

#[tokio::test]
async fn a_link_commits_only_together_with_its_stored_answer() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let body = json!({"kind": "dedicated", "template_id": acme.template_id()}).to_string();
    app.sandbox_faults(&json!({"latency_ms": 1500})).await;
    let request = {
        let (url, key, body) = (app.url("/api/v1/links"), acme.key.clone(), body.clone());
        tokio::spawn(async move {
            let response = reqwest::Client::new()
                .post(url)
                .bearer_auth(key)
                .header("content-type", "application/json")
                .header("idempotency-key", "atomic-1")
                .body(body)
                .send()
                .await
                .unwrap();
            response.status().as_u16()
        })
    };
    // While the request waits for the provider, another attempt takes its claim over (as
    // one would after 60 s): the stalled request's answer can no longer be stored, so its
    // link must not be stored either.
    let claimed = eventually(Duration::from_secs(5), || async {
        app.count_rows("idempotency_records").await == 1
    })
    .await;
    assert!(claimed, "the request claimed its key");
    assert_eq!(
        sql(
            &app,
            "UPDATE idempotency_records SET claim_token = 'someone-else'"
        )
        .await,
        1
    );
    assert_eq!(request.await.unwrap(), 409);
    assert_eq!(
        app.count_rows("links").await,
        0,
        "no link without its answer"
    );
    assert_eq!(app.count_rows("inquiries").await, 0);

    // The attempt that took over (here: a retry once that claim is stale) issues it once.
    app.sandbox_faults(&json!({"latency_ms": 0})).await;
    let stale = unix_now() - 61;
    sql(
        &app,
        &format!("UPDATE idempotency_records SET created_at = {stale}, claimed_at = {stale}"),
    )
    .await;
    let (status, _, link) = post(&app, &acme.key, "/api/v1/links", Some("atomic-1"), &body).await;
    assert_eq!(status, 201, "{link}");
    assert_eq!(app.count_rows("links").await, 1);
    assert_eq!(
        sandbox_inquiries(&app).await,
        1,
        "the provider's key was the same"
    );
}

#[tokio::test]
async fn records_older_than_a_day_are_purged_by_the_job() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let old = unix_now() - 24 * 60 * 60 - 1;
    sql(
        &app,
        &format!(
            "INSERT INTO idempotency_records (tenant_id, idempotency_key, request_hash, response_status, created_at) \
             VALUES ({}, 'yesterday', 'x', 201, {old})",
            acme.tenant.id
        ),
    )
    .await;
    let body = json!({"kind": "static", "template_id": acme.template_id()}).to_string();
    let (status, _, _) = post(&app, &acme.key, "/api/v1/links", Some("today"), &body).await;
    assert_eq!(status, 201);

    let purged = inquiry_portal::jobs::purge_idempotency_once(&app.state)
        .await
        .unwrap();
    assert_eq!(purged, 1);
    assert_eq!(
        app.count_rows("idempotency_records").await,
        1,
        "today's stays"
    );
    let (_, replayed, _) = post(&app, &acme.key, "/api/v1/links", Some("today"), &body).await;
    assert!(replayed, "today's key still replays");
}
