use std::time::Duration;

use serde_json::json;

use crate::support::{
    eventually,
    links::{browser, click, click_and_continue, query_param},
    spawn_app, TestApp,
};

async fn setup(app: &TestApp) -> (String, String) {
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let template = app.connect_demo_template(&tenant).await;
    (app.api_key(&tenant).await, template.provider_template_id)
}

#[tokio::test]
async fn end_user_responses_are_never_cached_and_send_no_referrer() {
    let app = spawn_app().await;
    let (key, template) = setup(&app).await;
    let link = app.issue_dedicated(&key, &template, json!({})).await;
    for url in [
        link["url"].as_str().unwrap().to_owned(),
        app.url("/l/unknownunknownunknownunknown1234"),
        app.url("/done?status=completed"),
    ] {
        let response = browser().get(&url).send().await.unwrap();
        assert_eq!(response.headers()["cache-control"], "no-store", "{url}");
        assert_eq!(
            response.headers()["referrer-policy"],
            "no-referrer",
            "{url}"
        );
    }
}

#[tokio::test]
async fn an_unknown_link_is_a_404_page() {
    let app = spawn_app().await;
    for token in ["nope", "unknownunknownunknownunknown1234", "a%2Fb%2Fc"] {
        let (status, body) = click(&browser(), &app.url(&format!("/l/{token}"))).await;
        assert_eq!(status, 404, "{token}");
        assert!(
            body.contains("This link doesn&#39;t work") || body.contains("This link doesn't work"),
            "{body}"
        );
    }
}

#[tokio::test]
async fn the_first_browser_is_bound_and_another_browser_is_sent_away() {
    let app = spawn_app().await;
    let (key, template) = setup(&app).await;
    let link = app.issue_dedicated(&key, &template, json!({})).await;
    let url = link["url"].as_str().unwrap();
    let first = browser();
    assert_eq!(click_and_continue(&first, url).await.0, 303);
    assert_eq!(
        click(&first, url).await.0,
        302,
        "the bound browser continues"
    );
    let (status, body) = click(&browser(), url).await;
    assert_eq!(status, 403);
    assert!(body.contains("Continue on the device where you started"));
}

#[tokio::test]
async fn a_link_open_to_anyone_lets_every_browser_continue() {
    let app = spawn_app().await;
    let (key, template) = setup(&app).await;
    let link = app
        .issue_dedicated(&key, &template, json!({"resume_on_click": "anyone"}))
        .await;
    let url = link["url"].as_str().unwrap();
    assert_eq!(click_and_continue(&browser(), url).await.0, 303);
    assert_eq!(click_and_continue(&browser(), url).await.0, 303);
}

#[tokio::test]
async fn a_revoked_link_stops_redirecting_immediately_even_in_its_bound_browser() {
    let app = spawn_app().await;
    let (key, template) = setup(&app).await;
    let link = app.issue_dedicated(&key, &template, json!({})).await;
    let url = link["url"].as_str().unwrap();
    let bound = browser();
    assert_eq!(click_and_continue(&bound, url).await.0, 303);
    assert_eq!(click(&bound, url).await.0, 302, "now served from the cache");
    let (status, revoked) = app
        .api_post(
            &key,
            &format!("/api/v1/links/{}/revoke", link["id"].as_str().unwrap()),
            &json!({}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(revoked["status"], "revoked");
    let (status, body) = click(&bound, url).await;
    assert_eq!(status, 410);
    assert!(body.contains("This link is no longer valid"));
}

#[tokio::test]
async fn an_expired_link_shows_its_page() {
    let app = spawn_app().await;
    let (key, template) = setup(&app).await;
    let link = app
        .issue_dedicated(&key, &template, json!({"expires_in_seconds": 1}))
        .await;
    let url = link["url"].as_str().unwrap().to_owned();
    let expired = eventually(Duration::from_secs(5), || async {
        click(&browser(), &url).await.0 == 410
    })
    .await;
    assert!(expired);
    let (_, body) = click(&browser(), &url).await;
    assert!(body.contains("This link has expired"));
}

#[tokio::test]
async fn a_static_link_creates_one_inquiry_per_visitor_under_its_reference_id() {
    let app = spawn_app().await;
    let (key, template) = setup(&app).await;
    let (_, link) = app
        .api_post(
            &key,
            "/api/v1/links",
            &json!({"kind": "static", "template_id": template, "generate_reference_id": true}),
        )
        .await;
    let reference = link["reference_id"].as_str().unwrap().to_owned();
    assert!(reference.starts_with("ref_"));
    let url = link["url"].as_str().unwrap();
    let (first, second) = (browser(), browser());
    let (_, first_location) = click_and_continue(&first, url).await;
    let (_, second_location) = click_and_continue(&second, url).await;
    let first_inquiry = query_param(&first_location, "inquiry-id").unwrap();
    let second_inquiry = query_param(&second_location, "inquiry-id").unwrap();
    assert_ne!(first_inquiry, second_inquiry);
    // The same browser comes back to its own in-progress inquiry.
    let (_, again) = click(&first, url).await;
    assert_eq!(query_param(&again, "inquiry-id").unwrap(), first_inquiry);
    // Both are grouped at the provider under the link's reference id.
    let listed: serde_json::Value = reqwest::Client::new()
        .get(app.url(&format!(
            "/sandbox/api/v1/inquiries?filter[reference-id]={reference}"
        )))
        .bearer_auth(&app.settings.sandbox_api_key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["data"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_static_link_marked_always_new_gives_a_returning_browser_a_new_inquiry() {
    let app = spawn_app().await;
    let (key, template) = setup(&app).await;
    let (_, link) = app
        .api_post(
            &key,
            "/api/v1/links",
            &json!({"kind": "static", "template_id": template, "always_new": true}),
        )
        .await;
    let url = link["url"].as_str().unwrap();
    let visitor = browser();
    let (_, first) = click_and_continue(&visitor, url).await;
    let (_, second) = click_and_continue(&visitor, url).await;
    assert_ne!(
        query_param(&first, "inquiry-id"),
        query_param(&second, "inquiry-id")
    );
}

#[tokio::test]
async fn a_capped_static_link_stops_creating_inquiries() {
    let app = spawn_app().await;
    let (key, template) = setup(&app).await;
    let (_, link) = app
        .api_post(
            &key,
            "/api/v1/links",
            &json!({"kind": "static", "template_id": template, "max_inquiries": 2}),
        )
        .await;
    let url = link["url"].as_str().unwrap();
    assert_eq!(click_and_continue(&browser(), url).await.0, 303);
    assert_eq!(click_and_continue(&browser(), url).await.0, 303);
    let (status, body) = click(&browser(), url).await;
    assert_eq!(status, 409);
    assert!(body.contains("reached its limit"));
    assert_eq!(app.sandbox_stats().await["inquiries_created"], 2);
}

#[tokio::test]
async fn a_provider_outage_on_click_shows_a_clear_page_and_loses_nothing() {
    let app = spawn_app().await;
    let (key, template) = setup(&app).await;
    let (_, link) = app
        .api_post(
            &key,
            "/api/v1/links",
            &json!({"kind": "static", "template_id": template, "max_inquiries": 1}),
        )
        .await;
    let url = link["url"].as_str().unwrap();
    app.sandbox_faults(&json!({"fail_next": 20})).await;
    let (status, body) = click_and_continue(&browser(), url).await;
    assert_eq!(status, 503);
    assert!(body.contains("temporarily unavailable"));
    reqwest::Client::new()
        .delete(app.url("/sandbox/api/v1/_faults"))
        .bearer_auth(&app.settings.sandbox_api_key)
        .send()
        .await
        .unwrap();
    // The slot taken for the failed attempt was given back.
    assert_eq!(click_and_continue(&browser(), url).await.0, 303);
}

#[tokio::test]
async fn clicks_are_counted_in_batches() {
    let app = spawn_app().await;
    let (key, template) = setup(&app).await;
    let link = app.issue_dedicated(&key, &template, json!({})).await;
    let url = link["url"].as_str().unwrap();
    let visitor = browser();
    // The first contact's Continue page is not a click yet: pressing Continue is.
    click_and_continue(&visitor, url).await;
    for _ in 0..2 {
        click(&visitor, url).await;
    }
    let id = link["id"].as_str().unwrap().to_owned();
    let counted = eventually(Duration::from_secs(10), || async {
        app.api_get(&key, &format!("/api/v1/links/{id}")).await.1["clicks"] == 3
    })
    .await;
    assert!(counted);
}

#[tokio::test]
async fn done_shows_the_outcome_the_flow_reports() {
    let app = spawn_app().await;
    let (status, body) = click(
        &browser(),
        &app.url("/done?inquiry-id=inq_x&status=completed&reference-id=r"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(body.contains("Thank you, you&#39;re done") || body.contains("Thank you, you're done"));
    let (_, failed) = click(&browser(), &app.url("/done?status=failed")).await;
    assert!(failed.contains("couldn"));
}

#[tokio::test]
async fn a_paused_static_link_shows_its_page_until_it_is_resumed() {
    let app = spawn_app().await;
    let (key, template) = setup(&app).await;
    let (_, link) = app
        .api_post(
            &key,
            "/api/v1/links",
            &json!({"kind": "static", "template_id": template}),
        )
        .await;
    let id = link["id"].as_str().unwrap();
    let url = link["url"].as_str().unwrap();
    let (status, paused) = app
        .api_post(&key, &format!("/api/v1/links/{id}/pause"), &json!({}))
        .await;
    assert_eq!((status, paused["status"].as_str()), (200, Some("paused")));
    let (status, body) = click(&browser(), url).await;
    assert_eq!(status, 409);
    assert!(body.contains("This link is paused"));
    assert_eq!(app.sandbox_stats().await["inquiries_created"], 0);
    let (status, _) = app
        .api_post(&key, &format!("/api/v1/links/{id}/pause"), &json!({}))
        .await;
    assert_eq!(status, 200, "pausing twice is harmless");
    let (status, resumed) = app
        .api_post(&key, &format!("/api/v1/links/{id}/resume"), &json!({}))
        .await;
    assert_eq!((status, resumed["status"].as_str()), (200, Some("active")));
    assert_eq!(click_and_continue(&browser(), url).await.0, 303);
    app.api_post(&key, &format!("/api/v1/links/{id}/revoke"), &json!({}))
        .await;
    let (status, _) = app
        .api_post(&key, &format!("/api/v1/links/{id}/resume"), &json!({}))
        .await;
    assert_eq!(status, 409, "a revoked link cannot be resumed");
}

#[tokio::test]
async fn a_static_link_opens_at_its_active_from_time() {
    let app = spawn_app().await;
    let (key, template) = setup(&app).await;
    let later = (chrono::Utc::now() + chrono::Duration::hours(2)).to_rfc3339();
    let (status, link) = app
        .api_post(
            &key,
            "/api/v1/links",
            &json!({"kind": "static", "template_id": template, "active_from": later}),
        )
        .await;
    assert_eq!(status, 201, "{link}");
    let (status, body) = click(&browser(), link["url"].as_str().unwrap()).await;
    assert_eq!(status, 409);
    assert!(body.contains("isn&#39;t open yet") || body.contains("isn't open yet"));
    let earlier = (chrono::Utc::now() - chrono::Duration::minutes(1)).to_rfc3339();
    let (_, open) = app
        .api_post(
            &key,
            "/api/v1/links",
            &json!({"kind": "static", "template_id": template, "active_from": earlier}),
        )
        .await;
    assert_eq!(
        click_and_continue(&browser(), open["url"].as_str().unwrap())
            .await
            .0,
        303
    );
    let (status, _) = app
        .api_post(
            &key,
            "/api/v1/links",
            &json!({"kind": "static", "template_id": template, "active_from": "tomorrow"}),
        )
        .await;
    assert_eq!(
        status, 422,
        "a well-formed body with a moment that is not one"
    );
    let (status, _) = app
        .api_post(
            &key,
            "/api/v1/links",
            &json!({"kind": "dedicated", "template_id": template, "active_from": later}),
        )
        .await;
    assert_eq!(status, 400, "dedicated links have no opening time");
}

#[tokio::test]
async fn an_issuer_pauses_and_resumes_a_link_in_the_ui_and_a_viewer_cannot() {
    let app = spawn_app().await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let template = app.connect_demo_template(&tenant).await;
    let key = app.api_key(&tenant).await;
    app.create_user(
        &tenant,
        "viewer@acme.test",
        inquiry_portal::domain::Role::Viewer,
    )
    .await;
    let (_, link) = app
        .api_post(
            &key,
            "/api/v1/links",
            &json!({"kind": "static", "template_id": template.provider_template_id}),
        )
        .await;
    let id = link["id"].as_str().unwrap();
    let viewer = crate::support::client();
    app.login(&viewer, "viewer@acme.test").await;
    let refused = app
        .post_form(&viewer, "/links", &format!("/links/{id}/pause"), &[])
        .await;
    assert_eq!(refused.status(), 403);
    let owner = crate::support::client();
    app.login(&owner, "owner@acme.test").await;
    let paused = app
        .post_form(&owner, "/links", &format!("/links/{id}/pause"), &[])
        .await;
    assert_eq!(paused.status(), 303);
    assert_eq!(
        app.api_get(&key, &format!("/api/v1/links/{id}")).await.1["status"],
        "paused"
    );
    let resumed = app
        .post_form(&owner, "/links", &format!("/links/{id}/resume"), &[])
        .await;
    assert_eq!(resumed.status(), 303);
    assert_eq!(
        app.api_get(&key, &format!("/api/v1/links/{id}")).await.1["status"],
        "active"
    );
}
