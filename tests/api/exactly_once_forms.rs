//! Exactly once in the admin UI (DESIGN 13.2): a rendered form creates one thing however
//! often it is sent, secrets are shown once by Post/Redirect/Get, and a resubmit after a
//! provider timeout finds the inquiry the provider made.

use std::time::Duration;

use serde_json::json;

use crate::{
    access::{copyable_value, pending_link, signed_in, str_of, tenant, Tenant},
    support::{csrf_token, eventually, form_key_for, location_header, spawn_app, TestApp},
};

/// The new-link form as a browser has it: its CSRF token and its one-time key.
async fn new_link_form(app: &TestApp, http: &reqwest::Client) -> (String, String) {
    let page = http
        .get(app.url("/links/new?kind=dedicated"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // Sent empty when missing: the submissions then count as separate ones.
    let key = form_key_for(&page, "/links").unwrap_or_default();
    (csrf_token(&page), key)
}

async fn send_new_link(
    app: &TestApp,
    http: &reqwest::Client,
    tenant: &Tenant,
    (csrf, key): &(String, String),
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let mut fields = vec![
        ("csrf_token", csrf.as_str()),
        ("form_key", key.as_str()),
        ("kind", "dedicated"),
        ("template_id", tenant.template_id()),
        ("reference_id", "form-1"),
        ("lifetime", "604800"),
    ];
    fields.extend_from_slice(extra);
    http.post(app.url("/links"))
        .form(&fields)
        .send()
        .await
        .unwrap()
}

async fn sandbox_inquiries(app: &TestApp) -> u64 {
    app.sandbox_stats().await["inquiries_created"]
        .as_u64()
        .unwrap_or(0)
}

async fn page_at(http: &reqwest::Client, app: &TestApp, location: &str) -> String {
    http.get(app.url(location))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn double_submitting_the_new_link_form_creates_one_link() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let http = signed_in(&app, &acme.owner_email).await;
    let form = new_link_form(&app, &http).await;

    // A double click: two submissions at once; then a reload of the POST.
    let (first, second) = tokio::join!(
        send_new_link(&app, &http, &acme, &form, &[]),
        send_new_link(&app, &http, &acme, &form, &[]),
    );
    let third = send_new_link(&app, &http, &acme, &form, &[]).await;
    let mut locations = Vec::new();
    for response in [first, second, third] {
        assert_eq!(response.status(), 303);
        locations.push(location_header(&response).unwrap());
    }
    assert!(locations[0].starts_with("/links/lnk_"), "{locations:?}");
    assert!(
        locations.iter().all(|l| *l == locations[0]),
        "{locations:?}"
    );
    assert_eq!(app.count_rows("links").await, 1, "one link");
    assert_eq!(sandbox_inquiries(&app).await, 1, "one inquiry");
    let page = page_at(&http, &app, &locations[0]).await;
    assert!(page.contains("already sent"), "the repeat says so");
}

#[tokio::test]
async fn reloading_the_page_that_shows_a_new_links_access_code_says_already_shown() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let http = signed_in(&app, &acme.owner_email).await;
    let form = new_link_form(&app, &http).await;
    let extra = [("access_code", "true"), ("issue_session_token", "true")];
    let response = send_new_link(&app, &http, &acme, &form, &extra).await;
    assert_eq!(response.status(), 303, "Post/Redirect/Get");
    let location = location_header(&response).unwrap();
    assert!(
        !location.contains("session"),
        "no secret in the URL: {location}"
    );

    let shown = page_at(&http, &app, &location).await;
    let code = copyable_value(&shown, "Access code").expect("the code, once");
    let token = copyable_value(&shown, "Session token").expect("the token, once");
    let reloaded = page_at(&http, &app, &location).await;
    assert!(reloaded.contains("already shown"), "{reloaded}");
    assert!(!reloaded.contains(&code) && !reloaded.contains(&token));
    assert_eq!(
        app.count_rows("links").await,
        1,
        "the reload issued nothing"
    );

    // Another session of the same user cannot read it either.
    let other = signed_in(&app, &acme.owner_email).await;
    let elsewhere = page_at(&other, &app, &location).await;
    assert!(!elsewhere.contains(&code));
}

#[tokio::test]
async fn the_link_pages_access_link_and_session_token_buttons_create_one_each_per_click() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let (link, _, _) = pending_link(&app, &acme, json!({})).await;
    let id = str_of(&link, "id");
    let http = signed_in(&app, &acme.owner_email).await;
    let page = page_at(&http, &app, &format!("/links/{id}")).await;
    for action in ["access-link", "session-token"] {
        let path = format!("/links/{id}/{action}");
        let key = form_key_for(&page, &path).unwrap_or_default();
        let fields = [("csrf_token", csrf_token(&page)), ("form_key", key)];
        let mut responses = Vec::new();
        for _ in 0..2 {
            let response = http
                .post(app.url(&path))
                .form(&fields)
                .send()
                .await
                .unwrap();
            responses.push(response);
        }
        if action == "access-link" {
            assert_eq!(app.count_rows("access_links").await, 1, "one access link");
        }
        let mut locations = Vec::new();
        for response in responses {
            assert_eq!(response.status(), 303, "{action}: Post/Redirect/Get");
            locations.push(location_header(&response).unwrap());
        }
        assert_eq!(
            locations[0], locations[1],
            "{action}: the first result again"
        );
        let shown = page_at(&http, &app, &locations[0]).await;
        let label = match action {
            "access-link" => "One-time access link",
            _ => "Session token",
        };
        assert!(
            copyable_value(&shown, label).is_some(),
            "{action} shown once"
        );
        let again = page_at(&http, &app, &locations[1]).await;
        assert!(again.contains("already shown"), "{action}");
    }
}

#[tokio::test]
async fn a_new_api_key_is_shown_once_and_a_double_submit_creates_one_key() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = signed_in(&app, "owner@acme.test").await;
    let page = page_at(&http, &app, "/api-keys").await;
    let fields = [
        ("csrf_token", csrf_token(&page)),
        (
            "form_key",
            form_key_for(&page, "/api-keys").unwrap_or_default(),
        ),
        ("name", "Backend".to_owned()),
    ];
    let mut responses = Vec::new();
    for _ in 0..2 {
        let response = http
            .post(app.url("/api-keys"))
            .form(&fields)
            .send()
            .await
            .unwrap();
        responses.push(response);
    }
    assert_eq!(app.count_rows("api_keys").await, 1);
    let mut locations = Vec::new();
    for response in responses {
        assert_eq!(response.status(), 303, "Post/Redirect/Get");
        locations.push(location_header(&response).unwrap());
    }
    let shown = page_at(&http, &app, &locations[0]).await;
    let secret = copyable_value(&shown, "API key").expect("the key, once");
    let reloaded = page_at(&http, &app, &locations[0]).await;
    assert!(reloaded.contains("already shown") && !reloaded.contains(&secret));
}

#[tokio::test]
async fn resubmitting_the_new_link_form_after_a_provider_timeout_creates_one_inquiry() {
    let app = crate::support::spawn_app_with(|settings| {
        settings.provider_deadline = Duration::from_secs(1);
    })
    .await;
    let acme = tenant(&app, "acme").await;
    let http = signed_in(&app, &acme.owner_email).await;
    let form = new_link_form(&app, &http).await;
    app.sandbox_faults(&json!({"latency_ms": 2500})).await;

    let response = send_new_link(&app, &http, &acme, &form, &[]).await;
    assert_eq!(response.status(), 503);
    let page = response.text().await.unwrap();
    // The form comes back with its key, so sending it again is the same submission.
    let kept = form_key_for(&page, "/links").unwrap_or_default();
    assert_eq!(kept, form.1);
    // The provider did create the inquiry, after the portal stopped waiting.
    let created = eventually(Duration::from_secs(10), || async {
        sandbox_inquiries(&app).await == 1
    })
    .await;
    assert!(created, "the sandbox created the inquiry late");
    assert_eq!(app.count_rows("links").await, 0);

    app.sandbox_faults(&json!({"latency_ms": 0})).await;
    let again = send_new_link(&app, &http, &acme, &(form.0.clone(), kept), &[]).await;
    assert_eq!(again.status(), 303);
    assert_eq!(app.count_rows("links").await, 1);
    assert_eq!(
        sandbox_inquiries(&app).await,
        1,
        "one inquiry at the sandbox"
    );
}
