//! The sandbox's Persona-compatible API, over real HTTP.

use std::time::Duration;

use serde_json::{json, Value};

use crate::{
    support::sandbox::{
        api_url, complete_flow, create_body, create_inquiry, demo, get, inquiry_id, json_of, post,
        post_empty, stats, status_of, KEY,
    },
    support::{eventually, spawn_app},
};

#[tokio::test]
async fn creating_an_inquiry_answers_201_with_an_inq_id_and_status_created() {
    let app = spawn_app().await;
    let template = demo(&app).await;
    let response = post(
        &app,
        "/inquiries",
        create_body(
            &template.template_id,
            json!({
                "reference-id": "user-1",
                "fields": {"name-first": "Ana", "birthdate": "1990-01-31"},
                "redirect-uri": "https://example.test/done",
                "some-future-attribute": "ignored",
            }),
            json!({"auto-create-inquiry-session": true, "auto-create-one-time-link": true}),
        ),
    )
    .await;
    assert_eq!(response.status(), 201);
    for header in ["ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"] {
        assert!(response.headers().contains_key(header), "missing {header}");
    }
    let document = json_of(response).await;
    let data = &document["data"];
    assert!(data["id"].as_str().unwrap().starts_with("inq_"));
    assert_eq!(data["type"], "inquiry");
    let attributes = &data["attributes"];
    assert_eq!(attributes["status"], "created");
    assert_eq!(attributes["reference-id"], "user-1");
    assert_eq!(attributes["redirect-uri"], "https://example.test/done");
    assert_eq!(
        attributes["fields"]["name-first"],
        json!({"type": "string", "value": "Ana"})
    );
    assert_eq!(attributes["fields"]["birthdate"]["type"], "date");
    assert!(attributes["created-at"].as_str().unwrap().ends_with('Z'));
    assert!(attributes["expires-at"].is_string());
    assert!(attributes["started-at"].is_null());
    assert!(attributes["completed-at"].is_null());
    let relationships = &data["relationships"];
    assert_eq!(
        relationships["inquiry-template"]["data"]["id"],
        json!(template.template_id)
    );
    assert_eq!(
        relationships["inquiry-template-version"]["data"]["id"],
        json!(template.version_id)
    );
    assert!(relationships["account"]["data"]["id"]
        .as_str()
        .unwrap()
        .starts_with("act_"));
    assert!(document["meta"]["session-token"].as_str().unwrap().len() > 20);
    assert!(document["meta"]["one-time-link"]
        .as_str()
        .unwrap()
        .starts_with(&app.url("/sandbox/verify?code=")));
}

#[tokio::test]
async fn inquiries_with_the_same_reference_id_share_one_account() {
    let app = spawn_app().await;
    let first = create_inquiry(&app, json!({"reference-id": "shared"}), json!({})).await;
    let second = create_inquiry(&app, json!({"reference-id": "shared"}), json!({})).await;
    let other = create_inquiry(&app, json!({"reference-id": "someone-else"}), json!({})).await;
    let account =
        |document: &Value| document["data"]["relationships"]["account"]["data"]["id"].clone();
    assert_eq!(account(&first), account(&second));
    assert_ne!(account(&first), account(&other));
}

#[tokio::test]
async fn a_request_without_the_api_key_or_with_a_wrong_one_is_refused_with_401() {
    let app = spawn_app().await;
    let http = reqwest::Client::new();
    let without = http.get(api_url(&app, "/inquiries")).send().await.unwrap();
    assert_eq!(without.status(), 401);
    assert!(without.headers().contains_key("ratelimit-remaining"));
    let body: Value = without.json().await.unwrap();
    assert!(body["errors"][0]["title"].is_string());
    let wrong = http
        .get(api_url(&app, "/inquiries"))
        .bearer_auth("sbx_test_kez")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
}

#[tokio::test]
async fn an_unknown_inquiry_answers_404_in_personas_error_shape() {
    let app = spawn_app().await;
    let response = get(&app, "/inquiries/inq_doesnotexist123").await;
    assert_eq!(response.status(), 404);
    let body = json_of(response).await;
    assert_eq!(body["errors"][0]["title"], "Record not found");
    assert_eq!(
        post_empty(&app, "/inquiries/inq_nope12345678/resume")
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn malformed_json_answers_400_and_creates_nothing() {
    let app = spawn_app().await;
    let response = reqwest::Client::new()
        .post(api_url(&app, "/inquiries"))
        .bearer_auth(KEY)
        .header("content-type", "application/json")
        .body("{\"data\": {")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert!(json_of(response).await["errors"][0]["details"].is_string());
    assert_eq!(app.count_rows("sandbox_inquiries").await, 0);
}

#[tokio::test]
async fn a_missing_template_answers_400_and_an_unknown_one_404() {
    let app = spawn_app().await;
    let missing = post(
        &app,
        "/inquiries",
        json!({"data": {"attributes": {"reference-id": "x"}}}),
    )
    .await;
    assert_eq!(missing.status(), 400);
    let unknown = post(
        &app,
        "/inquiries",
        json!({"data": {"attributes": {"inquiry-template-id": "itmpl_unknown12345"}}}),
    )
    .await;
    assert_eq!(unknown.status(), 404);
    let bad_redirect = create_body(
        &demo(&app).await.template_id,
        json!({"redirect-uri": "javascript:alert(1)"}),
        json!({}),
    );
    assert_eq!(post(&app, "/inquiries", bad_redirect).await.status(), 422);
    assert_eq!(app.count_rows("sandbox_inquiries").await, 0);
}

#[tokio::test]
async fn resuming_an_expired_inquiry_returns_a_session_token_and_makes_it_pending() {
    let app = spawn_app().await;
    let id = inquiry_id(&create_inquiry(&app, json!({}), json!({})).await);
    let expired = post_empty(&app, &format!("/inquiries/{id}/expire")).await;
    assert_eq!(expired.status(), 200);
    assert_eq!(
        json_of(expired).await["data"]["attributes"]["status"],
        "expired"
    );
    let resumed = post_empty(&app, &format!("/inquiries/{id}/resume")).await;
    assert_eq!(resumed.status(), 200);
    let document = json_of(resumed).await;
    assert!(document["meta"]["session-token"].as_str().unwrap().len() > 20);
    assert_eq!(document["data"]["attributes"]["status"], "pending");
    assert!(document["data"]["attributes"]["expired-at"].is_null());
    assert_eq!(stats(&app).await["resumes"], 1);
}

#[tokio::test]
async fn resuming_a_created_inquiry_returns_a_token_and_leaves_it_created() {
    let app = spawn_app().await;
    let id = inquiry_id(&create_inquiry(&app, json!({}), json!({})).await);
    let document = json_of(post_empty(&app, &format!("/inquiries/{id}/resume")).await).await;
    assert!(document["meta"]["session-token"].is_string());
    assert_eq!(document["data"]["attributes"]["status"], "created");
}

#[tokio::test]
async fn resuming_a_completed_or_a_failed_inquiry_is_refused_with_409() {
    let app = spawn_app().await;
    for outcome in ["pass", "fail"] {
        let id = inquiry_id(&create_inquiry(&app, json!({}), json!({})).await);
        complete_flow(&app, &id, outcome).await;
        let expected = if outcome == "pass" {
            "completed"
        } else {
            "failed"
        };
        assert_eq!(status_of(&app, &id).await, expected);
        let response = post_empty(&app, &format!("/inquiries/{id}/resume")).await;
        assert_eq!(response.status(), 409, "resuming a {expected} inquiry");
        assert!(json_of(response).await["errors"][0]["title"].is_string());
    }
}

#[tokio::test]
async fn a_one_time_link_is_refused_for_an_expired_inquiry_until_it_is_resumed() {
    let app = spawn_app().await;
    let id = inquiry_id(&create_inquiry(&app, json!({}), json!({})).await);
    post_empty(&app, &format!("/inquiries/{id}/expire")).await;
    let refused = post_empty(&app, &format!("/inquiries/{id}/generate-one-time-link")).await;
    assert_eq!(refused.status(), 409);
    post_empty(&app, &format!("/inquiries/{id}/resume")).await;
    let minted = post_empty(&app, &format!("/inquiries/{id}/generate-one-time-link")).await;
    assert_eq!(minted.status(), 200);
    assert!(json_of(minted).await["meta"]["one-time-link"]
        .as_str()
        .unwrap()
        .contains("/sandbox/verify?code="));
}

async fn create_with_key(
    app: &crate::support::TestApp,
    body: &Value,
    key: &str,
) -> reqwest::Response {
    reqwest::Client::new()
        .post(api_url(app, "/inquiries"))
        .bearer_auth(KEY)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_same_idempotency_key_replays_the_same_inquiry() {
    let app = spawn_app().await;
    let body = create_body(
        &demo(&app).await.template_id,
        json!({}),
        json!({"auto-create-inquiry-session": true}),
    );
    let first = create_with_key(&app, &body, "create-1").await;
    assert_eq!(first.status(), 201);
    let first_body = first.text().await.unwrap();
    let second = create_with_key(&app, &body, "create-1").await;
    assert_eq!(second.status(), 201);
    assert_eq!(second.text().await.unwrap(), first_body);
    assert_eq!(app.count_rows("sandbox_inquiries").await, 1);
    let other_body = create_body(
        &demo(&app).await.template_id,
        json!({"reference-id": "x"}),
        json!({}),
    );
    assert_eq!(
        create_with_key(&app, &other_body, "create-1")
            .await
            .status(),
        422
    );
    assert_eq!(create_with_key(&app, &body, "create-2").await.status(), 201);
    assert_eq!(app.count_rows("sandbox_inquiries").await, 2);
}

#[tokio::test]
async fn ten_concurrent_posts_with_one_idempotency_key_create_one_inquiry() {
    let app = spawn_app().await;
    let body = create_body(&demo(&app).await.template_id, json!({}), json!({}));
    let requests = (0..10).map(|_| create_with_key(&app, &body, "same-key"));
    let responses = futures_util::future::join_all(requests).await;
    let mut ids = Vec::new();
    for response in responses {
        assert_eq!(response.status(), 201);
        ids.push(inquiry_id(&response.json::<Value>().await.unwrap()));
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "every answer names the same inquiry");
    assert_eq!(app.count_rows("sandbox_inquiries").await, 1);
    assert_eq!(stats(&app).await["inquiries_created"], 1);
}

#[tokio::test]
async fn a_resume_with_a_repeated_idempotency_key_opens_one_session() {
    let app = spawn_app().await;
    let id = inquiry_id(&create_inquiry(&app, json!({}), json!({})).await);
    let resume = || {
        reqwest::Client::new()
            .post(api_url(&app, &format!("/inquiries/{id}/resume")))
            .bearer_auth(KEY)
            .header("Idempotency-Key", "resume-1")
            .send()
    };
    let first: Value = resume().await.unwrap().json().await.unwrap();
    let second: Value = resume().await.unwrap().json().await.unwrap();
    assert_eq!(
        first["meta"]["session-token"],
        second["meta"]["session-token"]
    );
    assert_eq!(stats(&app).await["resumes"], 1);
    assert_eq!(app.count_rows("sandbox_sessions").await, 1);
}

#[tokio::test]
async fn the_twenty_sixth_session_of_an_inquiry_is_refused() {
    let app = spawn_app().await;
    let id = inquiry_id(&create_inquiry(&app, json!({}), json!({})).await);
    for attempt in 1..=25 {
        let response = post_empty(&app, &format!("/inquiries/{id}/resume")).await;
        assert_eq!(response.status(), 200, "session {attempt} should open");
    }
    let refused = post_empty(&app, &format!("/inquiries/{id}/resume")).await;
    assert_eq!(refused.status(), 409);
    assert_eq!(
        json_of(refused).await["errors"][0]["title"],
        "Session limit reached"
    );
    assert_eq!(app.count_rows("sandbox_sessions").await, 25);
}

#[tokio::test]
async fn an_inquiry_expires_by_time_with_a_short_override() {
    let app = spawn_app().await;
    let document = create_inquiry(
        &app,
        json!({}),
        json!({"expiration-after-create-interval-seconds": 1, "auto-create-inquiry-session": true}),
    )
    .await;
    let id = inquiry_id(&document);
    let expired = eventually(Duration::from_secs(10), || async {
        status_of(&app, &id).await == "expired"
    })
    .await;
    assert!(
        expired,
        "the inquiry should expire about a second after creation"
    );
    let with_sessions =
        json_of(get(&app, &format!("/inquiries/{id}?include=sessions")).await).await;
    assert!(with_sessions["data"]["attributes"]["expired-at"].is_string());
    assert_eq!(with_sessions["included"][0]["type"], "inquiry-session");
    assert_eq!(
        with_sessions["included"][0]["attributes"]["status"],
        "expired"
    );
}

#[tokio::test]
async fn listing_filters_by_reference_id_and_status_and_paginates_with_a_cursor() {
    let app = spawn_app().await;
    for _ in 0..3 {
        create_inquiry(&app, json!({"reference-id": "listed"}), json!({})).await;
    }
    create_inquiry(&app, json!({"reference-id": "other"}), json!({})).await;
    let first =
        json_of(get(&app, "/inquiries?filter[reference-id]=listed&page[size]=2").await).await;
    assert_eq!(first["data"].as_array().unwrap().len(), 2);
    let next = first["links"]["next"]
        .as_str()
        .expect("a next link")
        .to_owned();
    let second = json_of(
        reqwest::Client::new()
            .get(app.url(&next))
            .bearer_auth(KEY)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(second["data"].as_array().unwrap().len(), 1);
    assert!(second["links"]["next"].is_null());
    let ids: Vec<&Value> = first["data"]
        .as_array()
        .unwrap()
        .iter()
        .chain(second["data"].as_array().unwrap())
        .map(|inquiry| &inquiry["id"])
        .collect();
    assert_eq!(ids.len(), 3);
    assert_ne!(ids[0], ids[2]);
    let pending = json_of(get(&app, "/inquiries?filter[status]=pending").await).await;
    assert_eq!(pending["data"].as_array().unwrap().len(), 0);
    assert_eq!(
        get(&app, "/inquiries?filter[status]=bogus").await.status(),
        400
    );
}

#[tokio::test]
async fn templates_and_versions_are_listed_with_the_latest_published_version() {
    let app = spawn_app().await;
    let template = demo(&app).await;
    let listed = json_of(get(&app, "/inquiry-templates").await).await;
    assert_eq!(listed["data"][0]["id"], json!(template.template_id));
    assert_eq!(listed["data"][0]["attributes"]["name"], "Demo KYC");
    let newer =
        inquiry_portal::sandbox::templates::publish_new_version(&app.db, &template.template_id)
            .await
            .unwrap();
    let versions = json_of(
        get(
            &app,
            &format!(
                "/inquiry-template-versions?filter[inquiry-template-id]={}",
                template.template_id
            ),
        )
        .await,
    )
    .await;
    assert_eq!(versions["data"][0]["id"], json!(newer.public_id));
    assert_eq!(
        versions["data"][0]["attributes"]["is-latest-published"],
        true
    );
    assert_eq!(
        versions["data"][1]["attributes"]["is-latest-published"],
        false
    );
    assert_eq!(
        versions["data"][1]["attributes"]["expiration-after-create-interval-seconds"],
        86400
    );
    let old = json_of(
        get(
            &app,
            &format!("/inquiry-template-versions/{}", template.version_id),
        )
        .await,
    )
    .await;
    assert_eq!(old["data"]["attributes"]["is-latest-published"], false);
    let one = json_of(
        get(
            &app,
            &format!("/inquiry-templates/{}", template.template_id),
        )
        .await,
    )
    .await;
    assert_eq!(
        one["data"]["relationships"]["latest-published-version"]["data"]["id"],
        json!(newer.public_id)
    );
    let created = create_inquiry(&app, json!({}), json!({})).await;
    assert_eq!(
        created["data"]["relationships"]["inquiry-template-version"]["data"]["id"],
        json!(newer.public_id)
    );
}

#[tokio::test]
async fn unknown_paths_and_oversized_bodies_answer_in_personas_error_shape() {
    let app = spawn_app().await;
    let unknown = get(&app, "/no-such-endpoint").await;
    assert_eq!(unknown.status(), 404);
    assert!(unknown.headers().contains_key("ratelimit-limit"));
    assert!(json_of(unknown).await["errors"][0]["title"].is_string());
    let oversized = reqwest::Client::new()
        .post(api_url(&app, "/inquiries"))
        .bearer_auth(KEY)
        .header("content-type", "application/json")
        .body(vec![b' '; 200 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(oversized.status(), 413);
    assert!(json_of(oversized).await["errors"][0]["status"] == 413);
}
