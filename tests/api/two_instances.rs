//! Two portal instances on one database and one Redis (DESIGN section 10), as local
//! servers. Runs when `TEST_REDIS_URL` is set (CI sets it, with PostgreSQL).

use std::time::Duration;

use serde_json::json;

use crate::support::{
    eventually,
    links::{click, click_and_continue},
    login_for_cookie, spawn_app_with, spawn_instance_like, status_with_cookie, TestApp,
};

async fn two_instances() -> Option<(TestApp, TestApp)> {
    let Some(url) = std::env::var("TEST_REDIS_URL")
        .ok()
        .filter(|v| !v.is_empty())
    else {
        eprintln!("TEST_REDIS_URL is not set: two-instance tests not run");
        return None;
    };
    let first = spawn_app_with(|settings| settings.redis_url = Some(url)).await;
    let second = spawn_instance_like(&first).await;
    Some((first, second))
}

/// A tenant "acme" on `first` with the demo template, an API key and a dedicated link.
async fn issued_link(first: &TestApp) -> (String, serde_json::Value) {
    let (tenant, _) = first.create_tenant("acme", "owner@acme.test").await;
    let template = first.connect_demo_template(&tenant).await;
    let key = first.api_key(&tenant).await;
    let link = first
        .issue_dedicated(&key, &template.provider_template_id, json!({}))
        .await;
    (key, link)
}

#[tokio::test]
async fn a_login_on_one_instance_is_valid_on_the_other() {
    let Some((first, second)) = two_instances().await else {
        return;
    };
    first.create_tenant("acme", "owner@acme.test").await;
    let cookie = login_for_cookie(&first, "owner@acme.test").await;
    assert_eq!(status_with_cookie(&second, &cookie, "/").await, 200);
}

#[tokio::test]
async fn a_revoke_on_one_instance_is_honoured_by_the_other_within_a_second() {
    let Some((first, second)) = two_instances().await else {
        return;
    };
    let (key, link) = issued_link(&first).await;
    let path = link["url"]
        .as_str()
        .unwrap()
        .trim_start_matches(&first.address)
        .to_owned();
    let on_second = second.url(&path);
    let browser = crate::support::links::browser();
    // The second instance serves the link from its cache after the first click.
    assert_eq!(click_and_continue(&browser, &on_second).await.0, 303);
    assert_eq!(click(&browser, &on_second).await.0, 302);
    let (status, _) = first
        .api_post(
            &key,
            &format!("/api/v1/links/{}/revoke", link["id"].as_str().unwrap()),
            &json!({}),
        )
        .await;
    assert_eq!(status, 200);
    let honoured = eventually(Duration::from_secs(1), || async {
        click(&browser, &on_second).await.0 == 410
    })
    .await;
    assert!(
        honoured,
        "the second instance still served the revoked link"
    );
}

#[tokio::test]
async fn a_key_revoked_on_one_instance_is_refused_by_the_other_within_a_second() {
    let Some((first, second)) = two_instances().await else {
        return;
    };
    let (tenant, _) = first.create_tenant("acme", "owner@acme.test").await;
    let (created, key) = inquiry_portal::auth::api_keys::issue_key(
        &first.db,
        inquiry_portal::repo::TenantScope::new(tenant.id),
        "Backend",
        "system:test",
    )
    .await
    .unwrap();
    assert_eq!(
        second.api_get(&key, "/api/v1/links").await.0,
        200,
        "cached on the second"
    );
    let owner = crate::support::client();
    first.login(&owner, "owner@acme.test").await;
    first
        .post_form(
            &owner,
            "/api-keys",
            &format!("/api-keys/{}/revoke", created.public_id),
            &[],
        )
        .await;
    let refused = eventually(Duration::from_secs(1), || async {
        second.api_get(&key, "/api/v1/links").await.0 == 401
    })
    .await;
    assert!(refused);
}

#[tokio::test]
async fn a_hundred_concurrent_session_token_calls_spread_over_both_instances_cause_one_resume() {
    let Some((first, second)) = two_instances().await else {
        return;
    };
    let (key, link) = issued_link(&first).await;
    let inquiry = link["inquiry_id"].as_str().unwrap().to_owned();
    let before = first.sandbox_stats().await["resumes"].as_u64().unwrap_or(0);
    // One client, built before the burst (a hundred built inside it would hold the first
    // requests past the server's request-head timeout).
    let http = reqwest::Client::new();
    let mut calls = Vec::new();
    for index in 0..100 {
        let base = if index % 2 == 0 {
            first.address.clone()
        } else {
            second.address.clone()
        };
        let (http, key, inquiry) = (http.clone(), key.clone(), inquiry.clone());
        calls.push(tokio::spawn(async move {
            http.post(format!("{base}/api/v1/inquiries/{inquiry}/session-token"))
                .bearer_auth(key)
                .send()
                .await
                .unwrap()
                .json::<serde_json::Value>()
                .await
                .unwrap()
        }));
    }
    let mut tokens = Vec::new();
    for call in calls {
        tokens.push(
            call.await.unwrap()["session_token"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    tokens.dedup();
    assert_eq!(tokens.len(), 1, "every caller got the same token");
    // Both instances' sandboxes share the database; either one's counter may have seen it.
    let after = first.sandbox_stats().await["resumes"].as_u64().unwrap_or(0)
        + second.sandbox_stats().await["resumes"]
            .as_u64()
            .unwrap_or(0);
    assert_eq!(after - before, 1, "exactly one provider resume");
}

#[tokio::test]
async fn a_status_change_seen_by_one_instance_reaches_the_others_cached_inquiry_within_a_second() {
    let Some((first, second)) = two_instances().await else {
        return;
    };
    let (key, link) = issued_link(&first).await;
    let inquiry = link["inquiry_id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/inquiries/{inquiry}/session-token");
    // The second instance answers from its in-memory copy after the first call.
    for _ in 0..2 {
        assert_eq!(second.api_post(&key, &path, &json!({})).await.0, 200);
    }
    // The sandbox's webhook reaches the first instance only.
    crate::support::sandbox::complete_flow(&first, &inquiry, "pass").await;
    let applied = eventually(Duration::from_secs(20), || async {
        let (_, body) = first
            .api_get(&key, &format!("/api/v1/inquiries/{inquiry}"))
            .await;
        body["status"] == "completed"
    })
    .await;
    assert!(applied, "the first instance never saw the completion");
    let refused = eventually(Duration::from_secs(1), || async {
        second.api_post(&key, &path, &json!({})).await.0 == 409
    })
    .await;
    assert!(refused, "the second instance kept handing out tokens");
}

#[tokio::test]
async fn failed_logins_from_one_address_count_on_every_instance() {
    let Some((first, second)) = two_instances().await else {
        return;
    };
    first.create_tenant("acme", "owner@acme.test").await;
    let http = crate::support::client();
    // Five failures per address (the default), spread over both instances; different
    // accounts, so no account lock is what refuses.
    for attempt in 0..5 {
        let app = if attempt % 2 == 0 { &first } else { &second };
        let response = app
            .post_login(&http, &format!("nobody{attempt}@acme.test"), "wrong")
            .await;
        assert_eq!(response.status(), 401, "attempt {attempt}");
    }
    for app in [&first, &second] {
        let refused = app
            .post_login(&http, "owner@acme.test", crate::support::PASSWORD)
            .await;
        assert_eq!(refused.status(), 429, "the address is throttled everywhere");
        assert!(refused.headers().contains_key("retry-after"));
    }
}

#[tokio::test]
async fn an_api_key_s_rate_limit_counts_requests_on_every_instance() {
    let Some((first, second)) = two_instances().await else {
        return;
    };
    let (tenant, _) = first.create_tenant("acme", "owner@acme.test").await;
    let scope = inquiry_portal::repo::TenantScope::new(tenant.id);
    let mut policy = inquiry_portal::repo::policies::get(&first.db.connection, scope)
        .await
        .unwrap();
    policy.api_requests_per_minute = 4;
    inquiry_portal::repo::policies::save(&first.db.connection, scope, &policy)
        .await
        .unwrap();
    let key = first.api_key(&tenant).await;
    for call in 0..4 {
        let app = if call % 2 == 0 { &first } else { &second };
        assert_eq!(
            app.api_get(&key, "/api/v1/links").await.0,
            200,
            "call {call}"
        );
    }
    for app in [&first, &second] {
        let (status, body) = app.api_get(&key, "/api/v1/links").await;
        assert_eq!(
            status, 429,
            "the fifth call is over the limit everywhere: {body}"
        );
    }
}
