//! Static links' per-address throttle on new inquiries (DESIGN 13.1): counted per address
//! (IPv6 per /64) before the inquiry is created, not for returning browsers, shared through
//! Redis between instances when `TEST_REDIS_URL` is set.

use futures_util::future::join_all;
use inquiry_portal::repo::{self, TenantScope};
use serde_json::{json, Value};

use crate::support::{
    links::browser,
    spawn_app_with, spawn_instance_like,
    visitor::{open_link_from, Opened},
    TestApp,
};

/// A portal that trusts this machine as its proxy, so each test request can say which
/// address it comes from.
async fn behind_a_proxy(redis_url: Option<String>) -> TestApp {
    spawn_app_with(|settings| {
        settings.trusted_proxies =
            inquiry_portal::routes::parse_trusted_proxies("127.0.0.1").unwrap();
        settings.redis_url = redis_url;
    })
    .await
}

/// `TEST_REDIS_URL` when set (CI's PostgreSQL and Redis pass): counts are then kept in
/// Redis, otherwise in the instance's memory.
fn test_redis() -> Option<String> {
    std::env::var("TEST_REDIS_URL")
        .ok()
        .filter(|v| !v.is_empty())
}

/// A tenant with the demo template and a static link; its tenant id and the link.
async fn static_link(app: &TestApp) -> (i32, Value) {
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let template = app.connect_demo_template(&tenant).await;
    let key = app.api_key(&tenant).await;
    let (status, link) = app
        .api_post(
            &key,
            "/api/v1/links",
            &json!({"kind": "static", "template_id": template.provider_template_id}),
        )
        .await;
    assert_eq!(status, 201, "{link}");
    (tenant.id, link)
}

async fn set_limit(app: &TestApp, tenant_id: i32, limit: i32) {
    let scope = TenantScope::new(tenant_id);
    let mut policy = repo::policies::get(&app.db.connection, scope)
        .await
        .unwrap();
    policy.static_inquiries_per_ip_per_hour = limit;
    repo::policies::save(&app.db.connection, scope, &policy)
        .await
        .unwrap();
}

fn url_of(link: &Value) -> String {
    link["url"].as_str().unwrap().to_owned()
}

async fn inquiries_created(app: &TestApp) -> u64 {
    app.sandbox_stats().await["inquiries_created"]
        .as_u64()
        .unwrap()
}

/// Asserts a refusal: the 429 page, with a `Retry-After` within the hour.
fn assert_throttled(opened: &Opened) {
    assert_eq!(opened.status, 429, "{}", opened.body);
    let wait = opened.retry_after.expect("a Retry-After header");
    assert!((1..=3600).contains(&wait), "Retry-After {wait}");
    assert!(
        opened
            .body
            .contains("Too many verifications from your network"),
        "{}",
        opened.body
    );
}

/// `count` new visitors (each its own browser) from `address`, all at once.
async fn visitors_at_once(url: &str, address: &str, count: usize) -> Vec<Opened> {
    let browsers: Vec<reqwest::Client> = (0..count).map(|_| browser()).collect();
    join_all(
        browsers
            .iter()
            .map(|browser| open_link_from(browser, url, address)),
    )
    .await
}

fn count_status(opened: &[Opened], status: u16) -> usize {
    opened.iter().filter(|o| o.status == status).count()
}

#[tokio::test]
async fn twelve_new_visitors_from_one_address_at_once_create_exactly_ten_inquiries() {
    let app = behind_a_proxy(test_redis()).await;
    let (_, link) = static_link(&app).await;
    let url = url_of(&link);

    let opened = visitors_at_once(&url, "203.0.113.7", 12).await;

    assert_eq!(count_status(&opened, 303), 10, "{opened:?}");
    assert_eq!(count_status(&opened, 429), 2, "{opened:?}");
    for refused in opened.iter().filter(|o| o.status == 429) {
        assert_throttled(refused);
    }
    assert_eq!(inquiries_created(&app).await, 10);
    // Another address is not affected.
    let other = open_link_from(&browser(), &url, "198.51.100.20").await;
    assert_eq!(other.status, 303, "{}", other.body);
}

#[tokio::test]
async fn returning_browsers_get_their_inquiry_back_without_being_counted() {
    let app = behind_a_proxy(None).await;
    let (tenant_id, link) = static_link(&app).await;
    set_limit(&app, tenant_id, 2).await;
    let url = url_of(&link);
    let address = "203.0.113.8";

    let ana = browser();
    // A new visitor presses Continue (303 into the flow); a returning one is sent at once (302).
    let first = open_link_from(&ana, &url, address).await;
    assert_eq!(first.status, 303, "{}", first.body);
    for _ in 0..4 {
        let again = open_link_from(&ana, &url, address).await;
        assert_eq!(again.status, 302, "{}", again.body);
        assert_eq!(again.inquiry_id(), first.inquiry_id(), "her own inquiry");
    }
    let ben = open_link_from(&browser(), &url, address).await;
    assert_eq!(
        ben.status, 303,
        "the second new visitor is within the limit"
    );
    assert_throttled(&open_link_from(&browser(), &url, address).await);
    // Ana still gets back in after the address is over its limit.
    let ana_again = open_link_from(&ana, &url, address).await;
    assert_eq!(ana_again.inquiry_id(), first.inquiry_id());
    assert_eq!(inquiries_created(&app).await, 2);
}

#[tokio::test]
async fn ipv6_visitors_in_one_slash_64_share_one_count() {
    let app = behind_a_proxy(None).await;
    let (tenant_id, link) = static_link(&app).await;
    set_limit(&app, tenant_id, 2).await;
    let url = url_of(&link);

    for address in ["2001:db8:1:2::a", "2001:db8:1:2:ffff::b"] {
        let opened = open_link_from(&browser(), &url, address).await;
        assert_eq!(opened.status, 303, "{address}: {}", opened.body);
    }
    assert_throttled(&open_link_from(&browser(), &url, "2001:db8:1:2::c").await);
    let next_network = open_link_from(&browser(), &url, "2001:db8:1:3::a").await;
    assert_eq!(next_network.status, 303, "another /64 has its own count");
}

#[tokio::test]
async fn a_visit_the_provider_fails_is_not_counted() {
    let app = behind_a_proxy(test_redis()).await;
    let (tenant_id, link) = static_link(&app).await;
    set_limit(&app, tenant_id, 1).await;
    let url = url_of(&link);
    let address = "203.0.113.9";
    // More 5xx than the client's retries: the visit fails with a 503.
    app.sandbox_faults(&json!({"fail_next": 10})).await;
    let failed = open_link_from(&browser(), &url, address).await;
    assert_eq!(failed.status, 503, "{}", failed.body);
    assert!(failed.retry_after.is_some(), "a 503 says when to come back");
    app.sandbox_faults(&json!({"fail_next": 0})).await;

    let retried = open_link_from(&browser(), &url, address).await;

    assert_eq!(retried.status, 303, "the failed visit gave its count back");
    assert_throttled(&open_link_from(&browser(), &url, address).await);
}

#[tokio::test]
async fn two_instances_sharing_redis_count_one_address_together() {
    let Some(redis_url) = test_redis() else {
        eprintln!("TEST_REDIS_URL is not set: the Redis-backed throttle test is not run");
        return;
    };
    let first = behind_a_proxy(Some(redis_url)).await;
    let second = spawn_instance_like(&first).await;
    let (_, link) = static_link(&first).await;
    let on_first = url_of(&link);
    let on_second = on_first.replace(&first.address, &second.address);
    let address = "203.0.113.10";

    let (a, b) = tokio::join!(
        visitors_at_once(&on_first, address, 6),
        visitors_at_once(&on_second, address, 6)
    );
    let opened: Vec<Opened> = a.into_iter().chain(b).collect();

    assert_eq!(count_status(&opened, 303), 10, "{opened:?}");
    assert_eq!(count_status(&opened, 429), 2, "{opened:?}");
    // Each instance's sandbox counts its own calls; the shared database holds them all.
    assert_eq!(first.count_rows("inquiries").await, 10);
}

#[tokio::test]
async fn the_owner_sees_and_sets_the_static_link_throttle_in_the_settings() {
    let app = behind_a_proxy(None).await;
    let (tenant_id, _) = static_link(&app).await;
    let owner = crate::support::client();
    app.login(&owner, "owner@acme.test").await;
    let page = owner
        .get(app.url("/settings"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let settings = crate::support::device::Page {
        body: page,
        ..Default::default()
    };
    assert_eq!(
        settings
            .field("static_inquiries_per_ip_per_hour")
            .as_deref(),
        Some("10"),
        "the default is shown"
    );
    let form = settings.form_with_button("Save settings").unwrap();
    let with = |value: &str| {
        let mut fields: Vec<(String, String)> = form
            .fields
            .iter()
            .filter(|(name, _)| name != "static_inquiries_per_ip_per_hour")
            .cloned()
            .collect();
        fields.push(("static_inquiries_per_ip_per_hour".into(), value.into()));
        fields
    };

    let refused = owner
        .post(app.url("/settings"))
        .form(&with("0"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    assert!(refused
        .text()
        .await
        .unwrap()
        .contains("A whole number from 1 to"));
    let scope = TenantScope::new(tenant_id);
    let unchanged = repo::policies::get(&app.db.connection, scope)
        .await
        .unwrap();
    assert_eq!(unchanged.static_inquiries_per_ip_per_hour, 10);

    let saved = owner
        .post(app.url("/settings"))
        .form(&with("25"))
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 303);
    let policy = repo::policies::get(&app.db.connection, scope)
        .await
        .unwrap();
    assert_eq!(policy.static_inquiries_per_ip_per_hour, 25);
}
