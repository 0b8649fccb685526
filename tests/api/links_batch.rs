//! `POST /api/v1/links/batch` (issue #17): up to 100 links in one call, each item answered
//! for itself; a malformed body issues nothing; exactly once per item under a key.

use inquiry_portal::{
    auth::api_keys::{self, KeySpec},
    domain::{ApiScope, ApiScopes},
    repo::TenantScope,
};
use serde_json::{json, Value};

use crate::support::{spawn_app, TestApp};

const BATCH: &str = "/api/v1/links/batch";

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

struct Answer {
    status: u16,
    body: Value,
    replayed: bool,
}

/// POSTs a raw batch body, with an `Idempotency-Key` when given.
async fn post_raw(app: &TestApp, key: &str, body: String, idempotency_key: Option<&str>) -> Answer {
    let mut request = reqwest::Client::new()
        .post(app.url(BATCH))
        .bearer_auth(key)
        .header("content-type", "application/json")
        .body(body);
    if let Some(idempotency_key) = idempotency_key {
        request = request.header("idempotency-key", idempotency_key);
    }
    let response = request.send().await.expect("batch POST");
    let status = response.status().as_u16();
    let replayed = response
        .headers()
        .get("idempotent-replayed")
        .is_some_and(|v| v == "true");
    let body = response.json().await.unwrap_or(Value::Null);
    Answer {
        status,
        body,
        replayed,
    }
}

async fn post_batch(
    app: &TestApp,
    key: &str,
    links: Value,
    idempotency_key: Option<&str>,
) -> Answer {
    post_raw(
        app,
        key,
        json!({ "links": links }).to_string(),
        idempotency_key,
    )
    .await
}

fn dedicated(template: &str, reference: &str) -> Value {
    json!({"kind": "dedicated", "template_id": template, "reference_id": reference})
}

fn results(answer: &Answer) -> &Vec<Value> {
    answer.body["data"].as_array().expect("data is a list")
}

#[tokio::test]
async fn a_batch_of_three_good_links_answers_201_with_each_link_in_order() {
    let app = spawn_app().await;
    let (key, template) = tenant_with_template(&app, "acme").await;
    let links = json!([
        dedicated(&template, "person-0"),
        {"kind": "dedicated", "template_id": template, "reference_id": "person-1", "access_code": true},
        dedicated(&template, "person-2"),
    ]);
    let answer = post_batch(&app, &key, links, None).await;
    assert_eq!(answer.status, 201, "{}", answer.body);
    let data = results(&answer);
    assert_eq!(data.len(), 3);
    for (index, result) in data.iter().enumerate() {
        assert_eq!(result["index"], index, "{result}");
        assert_eq!(result["status"], 201, "{result}");
        assert!(result.get("error").is_none(), "{result}");
        let link = &result["link"];
        assert_eq!(link["reference_id"], format!("person-{index}"));
        assert!(link["inquiry_id"].as_str().unwrap().starts_with("inq_"));
        assert!(link["url"].as_str().unwrap().starts_with(&app.url("/l/")));
        let (status, stored) = app
            .api_get(
                &key,
                &format!("/api/v1/links/{}", link["id"].as_str().unwrap()),
            )
            .await;
        assert_eq!(status, 200, "{stored}");
        assert_eq!(stored["inquiry_id"], link["inquiry_id"]);
    }
    assert!(
        data[1]["link"]["access_code"].is_string(),
        "one-time secret returned"
    );
    assert_eq!(inquiries_created(&app).await, 3);
    assert_eq!(app.count_rows("links").await, 3);
}

#[tokio::test]
async fn a_batch_with_one_refused_item_answers_207_and_issues_the_others() {
    let app = spawn_app().await;
    let (key, template) = tenant_with_template(&app, "acme").await;
    let links = json!([
        dedicated(&template, "person-0"),
        {"kind": "dedicated", "template_id": template, "fields": {"ssn": "123-45-6789"}},
        {"kind": "static", "template_id": template},
    ]);
    let answer = post_batch(&app, &key, links, None).await;
    assert_eq!(answer.status, 207, "{}", answer.body);
    let data = results(&answer);
    assert_eq!(
        data.iter()
            .map(|r| r["status"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [201, 422, 201]
    );
    let refused = &data[1];
    assert!(refused.get("link").is_none(), "{refused}");
    assert_eq!(refused["error"]["type"], "unprocessable");
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("fields[ssn]"),
        "{refused}"
    );
    assert_eq!(data[2]["link"]["kind"], "static");
    assert_eq!(
        inquiries_created(&app).await,
        1,
        "only the dedicated link's inquiry"
    );
    assert_eq!(app.count_rows("links").await, 2);
}

#[tokio::test]
async fn a_batch_whose_items_are_all_refused_still_answers_207() {
    let app = spawn_app().await;
    let (key, _) = tenant_with_template(&app, "acme").await;
    let links = json!([
        {"kind": "dedicated", "template_id": "itmpl_notconnected00"},
        {"kind": "static", "template_id": "not-a-template"},
    ]);
    let answer = post_batch(&app, &key, links, None).await;
    assert_eq!(answer.status, 207, "{}", answer.body);
    assert!(results(&answer).iter().all(|r| r["status"] == 422));
    assert_eq!(app.count_rows("links").await, 0);
}

#[tokio::test]
async fn a_malformed_item_answers_400_naming_it_and_issues_nothing() {
    let app = spawn_app().await;
    let (key, template) = tenant_with_template(&app, "acme").await;
    let good = dedicated(&template, "fine");
    let cases = [
        (
            json!({"kind": "dedicated", "template_id": template, "colour": "red"}),
            "colour",
        ),
        (json!({"kind": "shared", "template_id": template}), "kind"),
        (
            json!({"kind": "dedicated", "template_id": 42}),
            "invalid type",
        ),
        (
            json!({"kind": "static", "template_id": template, "fields": {}}),
            "fields",
        ),
        (
            json!({"kind": "dedicated", "template_id": template, "expires_in_seconds": 0}),
            "expires_in_seconds",
        ),
        (
            json!({"kind": "static", "template_id": template, "max_inquiries": 0}),
            "max_inquiries",
        ),
        (
            json!({"kind": "static", "template_id": template, "active_from": "tomorrow"}),
            "active_from",
        ),
        (json!("dedicated"), "kind"),
    ];
    for (item, named) in cases {
        let answer = post_batch(&app, &key, json!([good, good, item]), None).await;
        assert_eq!(answer.status, 400, "{item}: {}", answer.body);
        assert_eq!(answer.body["error"]["type"], "invalid_request");
        let message = answer.body["error"]["message"].as_str().unwrap();
        assert!(message.starts_with("links[2]: "), "{item}: {message}");
        assert!(message.contains(named), "{item}: {message}");
    }
    assert_eq!(inquiries_created(&app).await, 0);
    assert_eq!(app.count_rows("links").await, 0);
}

#[tokio::test]
async fn no_links_more_than_a_hundred_or_a_malformed_body_answer_400_and_issue_nothing() {
    let app = spawn_app().await;
    let (key, template) = tenant_with_template(&app, "acme").await;
    let many: Vec<Value> = (0..101)
        .map(|i| dedicated(&template, &format!("p-{i}")))
        .collect();
    let bodies = [
        json!({"links": []}).to_string(),
        json!({ "links": many }).to_string(),
        json!({}).to_string(),
        json!({"links": dedicated(&template, "one")}).to_string(),
        json!({"links": [dedicated(&template, "one")], "dry_run": true}).to_string(),
        json!([dedicated(&template, "one")]).to_string(),
        "{not json".to_owned(),
    ];
    for body in bodies {
        let shown = body.chars().take(80).collect::<String>();
        let answer = post_raw(&app, &key, body, None).await;
        assert_eq!(answer.status, 400, "{shown}: {}", answer.body);
        assert_eq!(answer.body["error"]["type"], "invalid_request", "{shown}");
    }
    assert_eq!(inquiries_created(&app).await, 0);
    assert_eq!(app.count_rows("links").await, 0);
}

#[tokio::test]
async fn the_same_idempotency_key_replays_the_batch_and_with_another_body_is_a_409() {
    let app = spawn_app().await;
    let (key, template) = tenant_with_template(&app, "acme").await;
    let links = json!([
        dedicated(&template, "a"),
        {"kind": "dedicated", "template_id": "itmpl_notconnected00"},
    ]);
    let first = post_batch(&app, &key, links.clone(), Some("batch-1")).await;
    assert_eq!(first.status, 207, "{}", first.body);
    assert!(!first.replayed);
    let again = post_batch(&app, &key, links, Some("batch-1")).await;
    assert_eq!(again.status, 207);
    assert!(again.replayed, "marked idempotent-replayed");
    assert_eq!(again.body, first.body, "the same answer, secrets included");
    assert_eq!(inquiries_created(&app).await, 1);
    assert_eq!(app.count_rows("links").await, 1);

    let other = post_batch(
        &app,
        &key,
        json!([dedicated(&template, "b")]),
        Some("batch-1"),
    )
    .await;
    assert_eq!(other.status, 409, "{}", other.body);
    assert_eq!(inquiries_created(&app).await, 1);
    assert_eq!(app.count_rows("links").await, 1);
}

#[tokio::test]
async fn a_batch_stopped_by_a_provider_failure_is_finished_by_its_retry_without_duplicates() {
    let app = spawn_app().await;
    let (key, template) = tenant_with_template(&app, "acme").await;
    let links = json!([
        {"kind": "static", "template_id": template, "reference_id": "campaign"},
        dedicated(&template, "person-1"),
        dedicated(&template, "person-2"),
    ]);
    app.sandbox_faults(&json!({"fail_next": 20})).await;
    let stopped = post_batch(&app, &key, links.clone(), Some("stops-once")).await;
    assert_eq!(stopped.status, 207, "{}", stopped.body);
    let data = results(&stopped);
    assert_eq!(data[0]["status"], 201);
    assert_eq!(data[1]["status"], 503, "{}", data[1]);
    assert_eq!(data[1]["error"]["type"], "service_unavailable");
    assert_eq!(data[2]["status"], 503);
    assert_eq!(data[2]["error"]["type"], "not_attempted");
    assert_eq!(app.count_rows("links").await, 1);

    app.sandbox_faults(&json!({"fail_next": 0})).await;
    let finished = post_batch(&app, &key, links.clone(), Some("stops-once")).await;
    assert_eq!(finished.status, 201, "{}", finished.body);
    assert!(
        !finished.replayed,
        "a stopped batch is not remembered, so it runs again"
    );
    let data = results(&finished);
    assert_eq!(
        data[0]["link"]["id"],
        results(&stopped)[0]["link"]["id"],
        "the item issued before is answered again, not issued twice"
    );
    assert_eq!(app.count_rows("links").await, 3);
    assert_eq!(inquiries_created(&app).await, 2);

    let replayed = post_batch(&app, &key, links, Some("stops-once")).await;
    assert!(replayed.replayed);
    assert_eq!(replayed.body, finished.body);
    assert_eq!(app.count_rows("links").await, 3);
}

#[tokio::test]
async fn another_tenants_template_is_refused_for_its_item() {
    let app = spawn_app().await;
    let (acme_key, template) = tenant_with_template(&app, "acme").await;
    let (initech, _) = app.create_tenant("initech", "owner@initech.test").await;
    let initech_key = app.api_key(&initech).await;
    let links = json!([dedicated(&template, "not-mine")]);
    let refused = post_batch(&app, &initech_key, links.clone(), None).await;
    assert_eq!(refused.status, 207, "{}", refused.body);
    let result = &results(&refused)[0];
    assert_eq!(result["status"], 422);
    assert!(
        result["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not connected"),
        "{result}"
    );
    assert_eq!(app.count_rows("links").await, 0);
    assert_eq!(inquiries_created(&app).await, 0);
    // The tenant that connected it may.
    let issued = post_batch(&app, &acme_key, links, None).await;
    assert_eq!(issued.status, 201, "{}", issued.body);
}

#[tokio::test]
async fn a_key_without_the_links_write_scope_gets_403_and_issues_nothing() {
    let app = spawn_app().await;
    let (acme, _) = app.create_tenant("acme", "owner@acme.test").await;
    let template = app.connect_demo_template(&acme).await.provider_template_id;
    let spec = KeySpec {
        scopes: Some(ApiScopes::NONE.with(ApiScope::LinksRead)),
        ..KeySpec::unrestricted("Read only".into())
    };
    let (_, key) =
        api_keys::issue_scoped_key(&app.db, TenantScope::new(acme.id), &spec, "system:test")
            .await
            .expect("a scoped key");
    let answer = post_batch(&app, &key, json!([dedicated(&template, "x")]), None).await;
    assert_eq!(answer.status, 403, "{}", answer.body);
    assert_eq!(answer.body["error"]["type"], "insufficient_scope");
    assert_eq!(app.count_rows("links").await, 0);
}

#[tokio::test]
async fn a_hundred_links_fit_beyond_the_usual_body_limit_and_a_larger_body_is_413() {
    let app = spawn_app().await;
    let (key, template) = tenant_with_template(&app, "acme").await;
    let links: Vec<Value> = (0..100)
        .map(|i| json!({"kind": "static", "template_id": template, "reference_id": format!("campaign-{i}")}))
        .collect();
    // Padded past the rest of the API's 64 KiB, well within the batch's 1 MiB.
    let body = json!({ "links": links }).to_string();
    let padded = format!("{}{}}}", &body[..body.len() - 1], " ".repeat(100 * 1024));
    let answer = post_raw(&app, &key, padded, None).await;
    assert_eq!(answer.status, 201, "{}", answer.body);
    let data = results(&answer);
    assert_eq!(data.len(), 100);
    assert_eq!(data[99]["index"], 99);
    assert_eq!(data[99]["link"]["reference_id"], "campaign-99");
    assert_eq!(app.count_rows("links").await, 100);

    let huge = format!("{}{}}}", &body[..body.len() - 1], " ".repeat(1024 * 1024));
    let answer = post_raw(&app, &key, huge, None).await;
    assert_eq!(answer.status, 413, "{}", answer.body);
    assert_eq!(answer.body["error"]["type"], "payload_too_large");
    assert_eq!(app.count_rows("links").await, 100);
}
