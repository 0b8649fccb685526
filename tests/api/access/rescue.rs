//! Rescuing an expired link (DESIGN 13.1) with `POST /api/v1/links/{id}/extend`: the link
//! works again, and its inquiry is re-timed, resumed or reissued per the resume policy (the
//! edges and the link page are in `rescue_edges`).

use inquiry_portal::{
    db::now,
    domain::{LinkState, StaleAction},
    repo,
    sandbox::templates::publish_new_version,
};
use serde_json::{json, Value};

use super::{
    assert_api_error, at_provider, issue, pending_link, portal_status, resumes, set_policy, str_of,
    tenant, wait_for_status, Tenant,
};
use crate::support::{
    links::{browser, click, click_and_continue, query_param},
    sandbox::post_empty,
    spawn_app, TestApp,
};

/// POSTs an extension with a raw body; returns the status and the JSON answer.
pub(super) async fn extend_raw(
    app: &TestApp,
    tenant: &Tenant,
    link_id: &str,
    body: &str,
) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/links/{link_id}/extend")))
        .bearer_auth(&tenant.key)
        .header("content-type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .expect("API POST");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

pub(super) async fn extend(
    app: &TestApp,
    tenant: &Tenant,
    link_id: &str,
    seconds: i64,
) -> (u16, Value) {
    extend_raw(
        app,
        tenant,
        link_id,
        &json!({ "expires_in_seconds": seconds }).to_string(),
    )
    .await
}

pub(super) async fn get_link(app: &TestApp, tenant: &Tenant, link_id: &str) -> Value {
    let (status, link) = app
        .api_get(&tenant.key, &format!("/api/v1/links/{link_id}"))
        .await;
    assert_eq!(status, 200, "{link}");
    link
}

/// Lets the link's time pass, as the expiry job would mark it.
pub(super) async fn expire_link(app: &TestApp, tenant: &Tenant, link_id: &str) {
    let link = repo::links::find(&app.db.connection, tenant.scope(), link_id)
        .await
        .unwrap()
        .unwrap();
    repo::links::set_expiry(
        &app.db.connection,
        tenant.scope(),
        link.id,
        now() - 60,
        LinkState::Expired,
    )
    .await
    .unwrap();
    app.state.forget_link(&link).await;
}

/// A pending inquiry behind a link that has expired, both at the provider and in the
/// portal: what a person who stopped half-way finds weeks later.
pub(super) async fn lapsed_pending_link(
    app: &TestApp,
    tenant: &Tenant,
) -> (Value, reqwest::Client, String) {
    let (link, bound, inquiry_id) = pending_link(app, tenant, json!({})).await;
    let expired = post_empty(app, &format!("/inquiries/{inquiry_id}/expire")).await;
    assert_eq!(expired.status(), 200);
    wait_for_status(app, tenant, &inquiry_id, "expired").await;
    expire_link(app, tenant, str_of(&link, "id")).await;
    let (status, page) = click(&bound, str_of(&link, "url")).await;
    assert_eq!(status, 410, "the expired link says so: {page}");
    (link, bound, inquiry_id)
}

fn iso_to_unix(iso: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(iso)
        .unwrap_or_else(|_| panic!("not RFC 3339: {iso}"))
        .timestamp()
}

#[tokio::test]
async fn an_expired_link_extended_through_the_api_answers_like_get_and_lets_the_person_in() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let link = issue(&app, &acme, json!({})).await;
    let id = str_of(&link, "id");
    let person = browser();
    // The person's first visit: the Continue page, then the press that binds their browser.
    assert_eq!(
        click_and_continue(&person, str_of(&link, "url")).await.0,
        303
    );
    expire_link(&app, &acme, id).await;
    assert_eq!(click(&person, str_of(&link, "url")).await.0, 410);

    let (status, extended) = extend(&app, &acme, id, 3600).await;

    assert_eq!(status, 200, "{extended}");
    assert_eq!(extended, get_link(&app, &acme, id).await, "the GET shape");
    assert_eq!(extended["status"], "active");
    let expires_at = iso_to_unix(str_of(&extended, "expires_at"));
    assert!((now() + 3590..=now() + 3610).contains(&expires_at));
    let (status, location) = click(&person, str_of(&link, "url")).await;
    assert_eq!(status, 302, "the person gets in again: {location}");
    assert_eq!(
        query_param(&location, "inquiry-id").as_deref(),
        extended["inquiry_id"].as_str()
    );
}

#[tokio::test]
async fn extending_a_lapsed_inquiry_resumes_it_at_the_provider_at_once() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let (link, bound, inquiry_id) = lapsed_pending_link(&app, &acme).await;
    let before = resumes(&app).await;

    let (status, extended) = extend(&app, &acme, str_of(&link, "id"), 7200).await;

    assert_eq!(status, 200, "{extended}");
    assert_eq!(
        extended["inquiry_id"],
        inquiry_id.as_str(),
        "the same inquiry"
    );
    assert_eq!(resumes(&app).await - before, 1, "resumed by the extension");
    assert_eq!(portal_status(&app, &acme, &inquiry_id).await, "pending");
    assert_eq!(
        at_provider(&app, &inquiry_id).await["data"]["attributes"]["status"],
        "pending"
    );
    // The person's click uses the token the extension stored: no second resume.
    let (status, location) = click(&bound, str_of(&link, "url")).await;
    assert_eq!(status, 302, "{location}");
    assert_eq!(
        query_param(&location, "inquiry-id").as_deref(),
        Some(inquiry_id.as_str())
    );
    assert!(query_param(&location, "session-token").is_some());
    assert_eq!(resumes(&app).await - before, 1);
}

#[tokio::test]
async fn extending_a_link_whose_inquiry_expired_before_anyone_began_starts_it_afresh() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let link = issue(&app, &acme, json!({"reference_id": "cust-3"})).await;
    let old = str_of(&link, "inquiry_id").to_owned();
    let person = browser();
    // The person's first visit: the Continue page, then the press that binds their browser.
    assert_eq!(
        click_and_continue(&person, str_of(&link, "url")).await.0,
        303
    );
    let expired = post_empty(&app, &format!("/inquiries/{old}/expire")).await;
    assert_eq!(expired.status(), 200);
    expire_link(&app, &acme, str_of(&link, "id")).await;
    let before = resumes(&app).await;

    let (status, extended) = extend(&app, &acme, str_of(&link, "id"), 7200).await;

    assert_eq!(status, 200, "{extended}");
    let new = str_of(&extended, "inquiry_id").to_owned();
    assert_ne!(new, old, "a fresh inquiry, with the same reference id");
    assert_eq!(
        at_provider(&app, &new).await["data"]["attributes"]["reference-id"],
        "cust-3"
    );
    assert_eq!(resumes(&app).await, before, "nothing was resumed");
    // The provider's answer was recorded even though its webhook may not have come yet.
    assert_eq!(portal_status(&app, &acme, &old).await, "expired");
    let (status, location) = click(&person, str_of(&link, "url")).await;
    assert_eq!(status, 302, "{location}");
    assert_eq!(
        query_param(&location, "inquiry-id").as_deref(),
        Some(new.as_str())
    );
}

#[tokio::test]
async fn with_the_reissue_policy_extending_a_lapsed_outdated_inquiry_moves_the_link_to_a_new_one() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    set_policy(&app, &acme, |p| {
        p.stale_version_action = StaleAction::Reissue
    })
    .await;
    let (link, bound, old) = lapsed_pending_link(&app, &acme).await;
    publish_new_version(&app.db, acme.template_id())
        .await
        .unwrap();

    let (status, extended) = extend(&app, &acme, str_of(&link, "id"), 7200).await;

    assert_eq!(status, 200, "{extended}");
    let new = str_of(&extended, "inquiry_id").to_owned();
    assert_ne!(new, old, "a new inquiry on the latest version");
    assert_eq!(
        at_provider(&app, &new).await["data"]["attributes"]["reference-id"],
        at_provider(&app, &old).await["data"]["attributes"]["reference-id"]
    );
    let trail = super::actions(&app, &acme).await;
    assert!(trail.contains(&"link.reissued".to_owned()), "{trail:?}");
    let (status, location) = click(&bound, str_of(&link, "url")).await;
    assert_eq!(status, 302, "{location}");
    assert_eq!(
        query_param(&location, "inquiry-id").as_deref(),
        Some(new.as_str())
    );
}

#[tokio::test]
async fn with_the_refuse_policy_extending_a_lapsed_outdated_inquiry_is_a_409_that_changes_nothing()
{
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    set_policy(&app, &acme, |p| {
        p.stale_version_action = StaleAction::Refuse
    })
    .await;
    let (link, _, _) = lapsed_pending_link(&app, &acme).await;
    publish_new_version(&app.db, acme.template_id())
        .await
        .unwrap();
    let id = str_of(&link, "id");
    let before = get_link(&app, &acme, id).await;
    let resumed_before = resumes(&app).await;

    let (status, body) = extend(&app, &acme, id, 7200).await;

    assert_eq!(status, 409, "{body}");
    assert_api_error(&body, "conflict");
    assert!(str_of(&body["error"], "message").contains("Issue a new link"));
    assert_eq!(get_link(&app, &acme, id).await, before, "nothing changed");
    assert_eq!(resumes(&app).await, resumed_before);
}
