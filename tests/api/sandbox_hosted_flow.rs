//! The sandbox's hosted flow under `/sandbox/verify`, driven like a browser.

use serde_json::json;

use crate::{
    support::sandbox::{
        complete_flow, create_inquiry, demo, finish_flow, inquiry_id, json_of, location,
        post_empty, start_flow, status_of,
    },
    support::{
        client, csrf_token, location_header, spawn_app, spawn_app_with, spawn_instance_like_with,
    },
};

#[tokio::test]
async fn a_created_inquiry_completes_through_the_hosted_flow_and_redirects_with_its_id_status_and_reference(
) {
    let app = spawn_app().await;
    let document = create_inquiry(
        &app,
        json!({
            "reference-id": "user-42",
            "fields": {"name-first": "Ana", "email-address": "ana@example.test"},
            "redirect-uri": "https://portal.example/done?from=sandbox",
        }),
        json!({}),
    )
    .await;
    let id = inquiry_id(&document);
    let browser = client();
    let details = browser
        .get(app.url(&format!("/sandbox/verify?inquiry-id={id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(details.status(), 200);
    let page = details.text().await.unwrap();
    assert!(
        page.contains("value=\"Ana\""),
        "the prefilled name is shown"
    );
    assert!(page.contains("value=\"ana@example.test\""));
    let page = start_flow(&app, &browser, &id).await;
    assert!(page.contains("Simulate pass") && page.contains("Simulate fail"));
    assert_eq!(status_of(&app, &id).await, "pending");
    let done = finish_flow(&app, &browser, &id, &page, "pass").await;
    assert_eq!(done.status(), 303);
    let target = url::Url::parse(&location(&done)).unwrap();
    assert_eq!(target.host_str(), Some("portal.example"));
    assert_eq!(target.path(), "/done");
    let query: Vec<(String, String)> = target.query_pairs().into_owned().collect();
    assert!(query.contains(&("from".into(), "sandbox".into())));
    assert!(query.contains(&("inquiry-id".into(), id.clone())));
    assert!(query.contains(&("status".into(), "completed".into())));
    assert!(query.contains(&("reference-id".into(), "user-42".into())));
    assert_eq!(status_of(&app, &id).await, "completed");
    let again = browser
        .get(app.url(&format!("/sandbox/verify?inquiry-id={id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 200);
    assert!(again.text().await.unwrap().contains("already finished"));
}

#[tokio::test]
async fn a_flow_without_a_redirect_uri_ends_on_its_own_finished_page() {
    let app = spawn_app().await;
    let id = inquiry_id(&create_inquiry(&app, json!({}), json!({})).await);
    let browser = client();
    let page = start_flow(&app, &browser, &id).await;
    let done = finish_flow(&app, &browser, &id, &page, "fail").await;
    assert_eq!(location(&done), format!("/sandbox/verify?inquiry-id={id}"));
    assert_eq!(status_of(&app, &id).await, "failed");
}

#[tokio::test]
async fn a_pending_inquiry_does_not_open_in_another_browser_without_its_session_token() {
    let app = spawn_app().await;
    let id = inquiry_id(&create_inquiry(&app, json!({}), json!({})).await);
    start_flow(&app, &client(), &id).await;
    let new_browser = client();
    let refused = new_browser
        .get(app.url(&format!("/sandbox/verify?inquiry-id={id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    assert!(refused.text().await.unwrap().contains("Session expired"));
    let wrong_token = new_browser
        .get(app.url(&format!(
            "/sandbox/verify?inquiry-id={id}&session-token=not-the-token"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_token.status(), 403);
}

#[tokio::test]
async fn a_pending_inquiry_opens_with_its_session_token_which_moves_into_a_cookie() {
    let app = spawn_app().await;
    let id = inquiry_id(&create_inquiry(&app, json!({}), json!({})).await);
    start_flow(&app, &client(), &id).await;
    let resumed = json_of(post_empty(&app, &format!("/inquiries/{id}/resume")).await).await;
    let token = resumed["meta"]["session-token"]
        .as_str()
        .unwrap()
        .to_owned();
    let browser = client();
    let opened = browser
        .get(app.url(&format!(
            "/sandbox/verify?inquiry-id={id}&session-token={token}"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(opened.status(), 303);
    let clean = location(&opened);
    assert!(!clean.contains(&token), "the token leaves the address bar");
    let cookie = opened
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.contains("HttpOnly") && cookie.contains("Path=/sandbox/verify"));
    assert!(cookie.contains("SameSite=Lax"));
    assert!(!cookie.contains("Max-Age") && !cookie.contains("Expires"));
    let page = browser.get(app.url(&clean)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    let done = finish_flow(&app, &browser, &id, &page, "pass").await;
    assert_eq!(done.status(), 303);
    assert_eq!(status_of(&app, &id).await, "completed");
}

#[tokio::test]
async fn a_one_time_link_works_once_and_then_answers_410() {
    let app = spawn_app().await;
    let id = inquiry_id(&create_inquiry(&app, json!({}), json!({})).await);
    start_flow(&app, &client(), &id).await;
    let minted =
        json_of(post_empty(&app, &format!("/inquiries/{id}/generate-one-time-link")).await).await;
    let link = minted["meta"]["one-time-link"].as_str().unwrap().to_owned();
    let browser = client();
    let first = browser.get(&link).send().await.unwrap();
    assert_eq!(first.status(), 303);
    assert!(!location(&first).contains("code="));
    let page = browser
        .get(app.url(&location(&first)))
        .send()
        .await
        .unwrap();
    assert_eq!(
        page.status(),
        200,
        "the link's browser continues the pending inquiry"
    );
    let second = client().get(&link).send().await.unwrap();
    assert_eq!(second.status(), 410);
    assert_eq!(browser.get(&link).send().await.unwrap().status(), 410);
}

#[tokio::test]
async fn an_expired_one_time_link_is_refused() {
    let app = spawn_app().await;
    let id = inquiry_id(
        &create_inquiry(&app, json!({}), json!({"auto-create-one-time-link": true})).await,
    );
    let link = json_of(post_empty(&app, &format!("/inquiries/{id}/generate-one-time-link")).await)
        .await["meta"]["one-time-link"]
        .as_str()
        .unwrap()
        .to_owned();
    post_empty(&app, &format!("/inquiries/{id}/expire")).await;
    assert_eq!(client().get(&link).send().await.unwrap().status(), 410);
}

#[tokio::test]
async fn an_expired_inquiry_shows_the_session_expired_page() {
    let app = spawn_app().await;
    let id = inquiry_id(&create_inquiry(&app, json!({}), json!({})).await);
    post_empty(&app, &format!("/inquiries/{id}/expire")).await;
    let response = client()
        .get(app.url(&format!("/sandbox/verify?inquiry-id={id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn the_hosted_creation_link_creates_a_prefilled_inquiry() {
    let app = spawn_app().await;
    let template = demo(&app).await;
    let browser = client();
    let response = browser
        .get(app.url(&format!(
            "/sandbox/verify?inquiry-template-id={}&reference-id=static-1&environment-id=env_test\
             &redirect-uri=https%3A%2F%2Fportal.example%2Fdone&fields%5Bname-first%5D=Bea",
            template.template_id
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let page = browser
        .get(app.url(&location(&response)))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("value=\"Bea\""));
    let listed = json_of(
        crate::support::sandbox::get(&app, "/inquiries?filter[reference-id]=static-1").await,
    )
    .await;
    assert_eq!(
        listed["data"][0]["attributes"]["redirect-uri"],
        "https://portal.example/done"
    );
    let unknown = client()
        .get(app.url("/sandbox/verify?inquiry-template-id=itmpl_unknown123"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
}

#[tokio::test]
async fn a_step_posted_without_the_flow_csrf_token_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let id = inquiry_id(&create_inquiry(&app, json!({}), json!({})).await);
    let browser = client();
    let page = browser
        .get(app.url(&format!("/sandbox/verify?inquiry-id={id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let forged = browser
        .post(app.url(&format!("/sandbox/verify/{id}/details")))
        .form(&[("csrf_token", "forged"), ("name-first", "Eve")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    let other_browser = client()
        .post(app.url(&format!("/sandbox/verify/{id}/details")))
        .form(&[("csrf_token", csrf_token(&page).as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(other_browser.status(), 403);
    assert_eq!(status_of(&app, &id).await, "created");
}

#[tokio::test]
async fn bad_details_are_shown_again_with_the_typed_values() {
    let app = spawn_app().await;
    let id = inquiry_id(&create_inquiry(&app, json!({}), json!({})).await);
    let browser = client();
    let page = browser
        .get(app.url(&format!("/sandbox/verify?inquiry-id={id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let refused = browser
        .post(app.url(&format!("/sandbox/verify/{id}/details")))
        .form(&[
            ("csrf_token", csrf_token(&page).as_str()),
            ("name-first", "Ana"),
            ("birthdate", "31/01/1990"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let body = refused.text().await.unwrap();
    assert!(body.contains("value=\"31/01/1990\"") && body.contains("YYYY-MM-DD"));
    assert_eq!(status_of(&app, &id).await, "created");
}

#[tokio::test]
async fn the_hosted_creation_link_refuses_a_redirect_uri_on_a_host_nobody_allowed_and_creates_nothing(
) {
    let app = spawn_app().await;
    let template = demo(&app).await;
    let response = client()
        .get(app.url(&format!(
            "/sandbox/verify?inquiry-template-id={}&reference-id=phished\
             &redirect-uri=https%3A%2F%2Fevil.example%2Fdone",
            template.template_id
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(location_header(&response), None);
    assert!(response.text().await.unwrap().contains("not allowed"));
    assert_eq!(app.count_rows("sandbox_inquiries").await, 0);
}

#[tokio::test]
async fn an_inquiry_that_would_return_to_a_host_nobody_allowed_stops_at_a_400_page() {
    let app = spawn_app().await;
    let id = inquiry_id(
        &create_inquiry(
            &app,
            json!({"redirect-uri": "https://portal.example@evil.example/done"}),
            json!({}),
        )
        .await,
    );
    let response = client()
        .get(app.url(&format!("/sandbox/verify?inquiry-id={id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(location_header(&response), None);
    assert!(response.text().await.unwrap().contains("not allowed"));
    assert_eq!(status_of(&app, &id).await, "created");
}

#[tokio::test]
async fn a_flow_returns_to_the_portals_own_address_when_no_other_host_is_allowed() {
    let app = spawn_app_with(|settings| settings.sandbox_redirect_hosts.clear()).await;
    let own = app.url("/done");
    let id = inquiry_id(&create_inquiry(&app, json!({"redirect-uri": own}), json!({})).await);
    let done = complete_flow(&app, &id, "pass").await;
    assert!(
        location(&done).starts_with(&format!("{own}?inquiry-id={id}")),
        "{}",
        location(&done)
    );
}

#[tokio::test]
async fn a_host_taken_off_the_allowed_list_during_a_flow_gets_no_redirect_and_the_inquiry_stays_open(
) {
    let app = spawn_app().await;
    let id = inquiry_id(
        &create_inquiry(
            &app,
            json!({"redirect-uri": "https://portal.example/done"}),
            json!({}),
        )
        .await,
    );
    let browser = client();
    let page = start_flow(&app, &browser, &id).await;
    let restarted =
        spawn_instance_like_with(&app, |settings| settings.sandbox_redirect_hosts.clear()).await;
    let done = finish_flow(&restarted, &browser, &id, &page, "pass").await;
    assert_eq!(done.status(), 400);
    assert_eq!(location_header(&done), None);
    assert_eq!(status_of(&app, &id).await, "pending");
}

#[tokio::test]
async fn an_inquiry_that_expired_before_anyone_started_it_resumes_at_the_details_step() {
    let app = spawn_app().await;
    let id = inquiry_id(&create_inquiry(&app, json!({}), json!({})).await);
    assert_eq!(
        post_empty(&app, &format!("/inquiries/{id}/expire"))
            .await
            .status(),
        200
    );
    let resumed = json_of(post_empty(&app, &format!("/inquiries/{id}/resume")).await).await;
    let token = resumed["meta"]["session-token"]
        .as_str()
        .unwrap()
        .to_owned();
    let browser = client();
    let opened = browser
        .get(app.url(&format!(
            "/sandbox/verify?inquiry-id={id}&session-token={token}"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(opened.status(), 303);
    let page = browser
        .get(app.url(&location(&opened)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Confirm your details"),
        "nobody confirmed the details yet, so the flow goes on there"
    );
    let started = browser
        .post(app.url(&format!("/sandbox/verify/{id}/details")))
        .form(&[
            ("csrf_token", csrf_token(&page).as_str()),
            ("name-first", "Ana"),
            ("name-last", "Lima"),
            ("birthdate", "1990-01-31"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(started.status(), 303, "the details are confirmed");
    let document = browser
        .get(app.url(&location(&started)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(document.contains("Verify your document"));
    let done = finish_flow(&app, &browser, &id, &document, "pass").await;
    assert_eq!(done.status(), 303);
    assert_eq!(status_of(&app, &id).await, "completed");
}
