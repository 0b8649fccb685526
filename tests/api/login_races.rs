//! Login throttles under concurrency: an attempt is counted before the password is
//! verified, so a burst of simultaneous guesses cannot all slip in before the first one
//! is recorded.

use std::time::Duration;

use futures_util::future::join_all;

use crate::support::{client, spawn_app_with, TestApp, PASSWORD};

fn redis_url() -> Option<String> {
    std::env::var("TEST_REDIS_URL")
        .ok()
        .filter(|v| !v.is_empty())
}

/// Sends `count` logins for `email` at once from one client (one address); their statuses.
async fn simultaneous_logins(app: &TestApp, email: &str, password: &str, count: usize) -> Vec<u16> {
    let http = client();
    let token = app.csrf_from(&http, "/login").await;
    let attempts = (0..count).map(|_| {
        let (http, url) = (http.clone(), app.url("/login"));
        let form = [
            ("email", email.to_owned()),
            ("password", password.to_owned()),
            ("csrf_token", token.clone()),
        ];
        async move {
            http.post(url)
                .form(&form)
                .send()
                .await
                .expect("POST /login")
                .status()
                .as_u16()
        }
    });
    join_all(attempts).await
}

fn tally(statuses: &[u16], status: u16) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

#[tokio::test]
async fn simultaneous_wrong_passwords_from_one_address_get_no_more_tries_than_the_limit() {
    // In this instance's memory, and (when a Redis is at hand) in Redis.
    let mut counters = vec![None];
    counters.extend(redis_url().map(Some));
    for redis in counters {
        let app = spawn_app_with(|settings| {
            settings.login.ip_max_failures = 5;
            settings.login.account_free_failures = 1000;
            settings.redis_url = redis.clone();
        })
        .await;
        app.create_tenant("acme", "owner@acme.test").await;
        let statuses = simultaneous_logins(&app, "owner@acme.test", "not the password", 30).await;
        let refused = tally(&statuses, 401);
        assert!(
            refused <= 5,
            "{refused} passwords were checked: {statuses:?}"
        );
        assert_eq!(
            refused + tally(&statuses, 429),
            30,
            "every other attempt is throttled: {statuses:?}"
        );
    }
}

#[tokio::test]
async fn simultaneous_wrong_passwords_against_one_account_are_locked_out_after_the_free_ones() {
    let app = spawn_app_with(|settings| {
        settings.login.ip_max_failures = 1000;
        settings.login.account_free_failures = 3;
        settings.login.account_base_delay = Duration::from_secs(60);
    })
    .await;
    app.create_tenant("acme", "owner@acme.test").await;
    let statuses = simultaneous_logins(&app, "owner@acme.test", "not the password", 20).await;
    let refused = tally(&statuses, 401);
    assert!(
        refused <= 3,
        "{refused} passwords were checked: {statuses:?}"
    );
    assert_eq!(refused + tally(&statuses, 429), 20, "{statuses:?}");
    let correct = app.post_login(&client(), "owner@acme.test", PASSWORD).await;
    assert_eq!(correct.status(), 429, "the account is soft-locked");
}

#[tokio::test]
async fn successful_logins_do_not_use_up_the_address_s_tries() {
    let app = spawn_app_with(|settings| {
        settings.login.ip_max_failures = 2;
        settings.login.account_free_failures = 1000;
    })
    .await;
    app.create_tenant("acme", "owner@acme.test").await;
    for attempt in 0..4 {
        let response = app.post_login(&client(), "owner@acme.test", PASSWORD).await;
        assert_eq!(response.status(), 303, "login {attempt}");
    }
    let http = client();
    for _ in 0..2 {
        let wrong = app
            .post_login(&http, "owner@acme.test", "not the password")
            .await;
        assert_eq!(wrong.status(), 401);
    }
    let third = app
        .post_login(&http, "owner@acme.test", "not the password")
        .await;
    assert_eq!(third.status(), 429);
}
