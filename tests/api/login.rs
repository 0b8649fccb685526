use std::time::Duration;

use inquiry_portal::config::LoginThrottleSettings;
use sea_orm::EntityTrait;

use crate::support::{client, eventually, spawn_app, spawn_app_with, PASSWORD};

#[tokio::test]
async fn an_owner_logs_in_and_sees_the_dashboard() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    let response = app.post_login(&http, "owner@acme.test", PASSWORD).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/");
    let dashboard = http.get(app.url("/")).send().await.unwrap();
    assert_eq!(dashboard.status(), 200);
    assert!(dashboard.text().await.unwrap().contains("Tenant acme"));
}

#[tokio::test]
async fn an_operator_lands_in_the_operator_area() {
    let app = spawn_app().await;
    app.create_operator("ops@portal.test").await;
    let http = client();
    let response = app.post_login(&http, "ops@portal.test", PASSWORD).await;
    assert_eq!(response.headers()["location"], "/operator/tenants");
}

#[tokio::test]
async fn an_unknown_email_and_a_wrong_password_get_identical_responses() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    let known = app
        .post_login(&http, "owner@acme.test", "wrong password here")
        .await;
    let known_status = known.status();
    let mut known_headers: Vec<(String, String)> = known
        .headers()
        .iter()
        .filter(|(name, _)| *name != "date")
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_owned()))
        .collect();
    let known_body = known
        .text()
        .await
        .unwrap()
        .replace("owner@acme.test", "EMAIL");

    let unknown = app
        .post_login(&http, "ghost@acme.test", "wrong password here")
        .await;
    let unknown_status = unknown.status();
    let mut unknown_headers: Vec<(String, String)> = unknown
        .headers()
        .iter()
        .filter(|(name, _)| *name != "date")
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_owned()))
        .collect();
    let unknown_body = unknown
        .text()
        .await
        .unwrap()
        .replace("ghost@acme.test", "EMAIL");

    assert_eq!(known_status, 401);
    assert_eq!(known_status, unknown_status);
    known_headers.sort();
    unknown_headers.sort();
    assert_eq!(known_headers, unknown_headers);
    assert_eq!(known_body, unknown_body);
    assert!(known_body.contains("The email or password is incorrect."));
}

#[tokio::test]
async fn stored_hashes_use_argon2id_with_owasp_parameters() {
    let app = spawn_app().await;
    let (_, owner) = app.create_tenant("acme", "owner@acme.test").await;
    let stored = inquiry_portal::entities::users::Entity::find_by_id(owner.id)
        .one(&app.db.connection)
        .await
        .unwrap()
        .unwrap();
    assert!(
        stored
            .password_hash
            .starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{}",
        stored.password_hash
    );
}

#[tokio::test]
async fn the_sixth_quick_wrong_password_is_throttled_until_the_window_passes() {
    let app = spawn_app_with(|settings| {
        settings.login = LoginThrottleSettings {
            ip_max_failures: 5,
            ip_window: Duration::from_secs(2),
            account_free_failures: 100,
            ..LoginThrottleSettings::default()
        };
    })
    .await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    for attempt in 1..=5 {
        let response = app
            .post_login(&http, "owner@acme.test", "not the password")
            .await;
        assert_eq!(response.status(), 401, "attempt {attempt}");
    }
    let sixth = app
        .post_login(&http, "owner@acme.test", "not the password")
        .await;
    assert_eq!(sixth.status(), 429);
    let retry_after: u64 = sixth.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&retry_after));

    let correct = app.post_login(&http, "owner@acme.test", PASSWORD).await;
    assert_eq!(
        correct.status(),
        429,
        "the right password is refused while throttled"
    );
    // Other routes stay usable meanwhile.
    let health = http.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);

    let let_in = eventually(Duration::from_secs(5), || async {
        app.post_login(&http, "owner@acme.test", PASSWORD)
            .await
            .status()
            == 303
    })
    .await;
    assert!(let_in, "after the window the right password works again");
}

#[tokio::test]
async fn a_spoofed_forwarded_for_header_does_not_reset_the_throttle() {
    let app = spawn_app_with(|settings| {
        settings.login.ip_max_failures = 3;
        settings.login.account_free_failures = 100;
    })
    .await;
    let http = client();
    let token = app.csrf_from(&http, "/login").await;
    let mut statuses = Vec::new();
    for attempt in 0..5 {
        let response = http
            .post(app.url("/login"))
            .header("x-forwarded-for", format!("203.0.113.{attempt}"))
            .form(&[
                ("email", "someone@acme.test"),
                ("password", "not the password"),
                ("csrf_token", token.as_str()),
            ])
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses, vec![401, 401, 401, 429, 429]);
}

#[tokio::test]
async fn behind_a_trusted_load_balancer_each_forwarded_client_is_throttled_on_its_own() {
    let app = spawn_app_with(|settings| {
        settings.login.ip_max_failures = 3;
        settings.login.account_free_failures = 100;
        // The test connects from 127.0.0.1, as the balancer would.
        settings.trusted_proxies =
            inquiry_portal::routes::parse_trusted_proxies("127.0.0.1").unwrap();
    })
    .await;
    let http = client();
    let token = app.csrf_from(&http, "/login").await;
    let attempt = |forwarded_for: &'static str| {
        let (http, token, url) = (http.clone(), token.clone(), app.url("/login"));
        async move {
            http.post(url)
                .header("x-forwarded-for", forwarded_for)
                .form(&[
                    ("email", "someone@acme.test"),
                    ("password", "not the password"),
                    ("csrf_token", token.as_str()),
                ])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(attempt("203.0.113.7").await);
    }
    assert_eq!(statuses, vec![401, 401, 401, 429], "one client runs out");
    assert_eq!(
        attempt("203.0.113.8").await,
        401,
        "another client behind the same balancer does not"
    );
    // A client forging an address in front of its real one gains nothing.
    assert_eq!(attempt("198.51.100.1, 203.0.113.7").await, 429);
}

#[tokio::test]
async fn repeated_failures_on_one_account_lock_it_for_a_growing_time_even_from_many_ips() {
    let app = spawn_app_with(|settings| {
        settings.login.ip_max_failures = 1000;
        settings.login.account_free_failures = 3;
        // Long enough to outlast a slow argon2 hash on a busy machine, short enough to wait.
        settings.login.account_base_delay = Duration::from_secs(4);
    })
    .await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    for _ in 0..3 {
        let response = app
            .post_login(&http, "owner@acme.test", "not the password")
            .await;
        assert_eq!(response.status(), 401);
    }
    let locked = app.post_login(&http, "owner@acme.test", PASSWORD).await;
    assert_eq!(locked.status(), 429, "the account is soft-locked");
    // The lock expires by itself: no permanent lockout.
    let unlocked = eventually(Duration::from_secs(15), || async {
        app.post_login(&http, "owner@acme.test", PASSWORD)
            .await
            .status()
            == 303
    })
    .await;
    assert!(unlocked);
}

#[tokio::test]
async fn an_unknown_account_is_soft_locked_exactly_like_a_known_one() {
    let app = spawn_app_with(|settings| {
        settings.login.ip_max_failures = 1000;
        settings.login.account_free_failures = 2;
        settings.login.account_base_delay = Duration::from_secs(60);
    })
    .await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    for email in ["owner@acme.test", "ghost@acme.test"] {
        let mut statuses = Vec::new();
        for _ in 0..3 {
            statuses.push(
                app.post_login(&http, email, "not the password")
                    .await
                    .status()
                    .as_u16(),
            );
        }
        assert_eq!(statuses, vec![401, 401, 429], "{email}");
    }
}

#[tokio::test]
async fn a_disabled_user_cannot_log_in() {
    let app = spawn_app().await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let user = app
        .create_user(
            &tenant,
            "issuer@acme.test",
            inquiry_portal::domain::Role::Issuer,
        )
        .await;
    let scope = inquiry_portal::repo::TenantScope::new(tenant.id);
    let membership = inquiry_portal::repo::memberships::find(&app.db.connection, scope, user.id)
        .await
        .unwrap()
        .unwrap();
    inquiry_portal::repo::memberships::update_access(
        &app.db.connection,
        scope,
        membership.id,
        inquiry_portal::domain::Role::Issuer,
        true,
    )
    .await
    .unwrap();
    let response = app
        .post_login(&client(), "issuer@acme.test", PASSWORD)
        .await;
    assert_eq!(response.status(), 401);
}
