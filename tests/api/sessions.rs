use std::time::Duration;

use inquiry_portal::domain::Role;

use crate::support::{
    bare_client, client, cookie_value, csrf_token, eventually, login_for_cookie, spawn_app,
    spawn_app_with, status_with_cookie, PASSWORD,
};

#[tokio::test]
async fn every_login_gets_a_new_session_id() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let first = login_for_cookie(&app, "owner@acme.test").await;
    let second = login_for_cookie(&app, "owner@acme.test").await;
    assert_ne!(first, second);
    assert_eq!(status_with_cookie(&app, &second, "/").await, 200);
}

#[tokio::test]
async fn a_planted_session_cookie_is_replaced_at_login() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let planted = login_for_cookie(&app, "owner@acme.test").await;
    // The victim logs in carrying a cookie the attacker obtained.
    let http = bare_client();
    let login_page = http.get(app.url("/login")).send().await.unwrap();
    let csrf_cookie = cookie_value(&login_page, "portal_login_csrf").unwrap();
    let token = csrf_token(&login_page.text().await.unwrap());
    let response = http
        .post(app.url("/login"))
        .header("cookie", format!("{planted}; {csrf_cookie}"))
        .form(&[
            ("email", "owner@acme.test"),
            ("password", PASSWORD),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    let after = cookie_value(&response, "portal_session").expect("new cookie");
    assert_ne!(after, planted);
    assert_eq!(status_with_cookie(&app, &after, "/").await, 200);
}

#[tokio::test]
async fn a_cookie_copied_before_logout_no_longer_authenticates() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let cookie = login_for_cookie(&app, "owner@acme.test").await;
    assert_eq!(status_with_cookie(&app, &cookie, "/").await, 200);

    let dashboard = bare_client()
        .get(app.url("/"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = csrf_token(&dashboard);
    let logout = bare_client()
        .post(app.url("/logout"))
        .header("cookie", &cookie)
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), 303);
    assert_eq!(status_with_cookie(&app, &cookie, "/").await, 303);
    assert_eq!(status_with_cookie(&app, &cookie, "/users").await, 303);
}

#[tokio::test]
async fn get_logout_does_not_end_the_session() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let cookie = login_for_cookie(&app, "owner@acme.test").await;
    let response = bare_client()
        .get(app.url("/logout"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_ne!(response.status(), 200);
    assert_eq!(status_with_cookie(&app, &cookie, "/").await, 200);
}

#[tokio::test]
async fn an_idle_session_ends_and_an_active_one_survives() {
    // The idle window is wide enough that a request slowed down by a busy machine still
    // keeps the active session inside it; the person acts every quarter second.
    let idle_timeout = Duration::from_secs(4);
    let app = spawn_app_with(|s| s.session_idle_timeout = idle_timeout).await;
    app.create_tenant("acme", "owner@acme.test").await;
    let active = login_for_cookie(&app, "owner@acme.test").await;
    let idle = login_for_cookie(&app, "owner@acme.test").await;
    let start = std::time::Instant::now();
    while start.elapsed() < idle_timeout + Duration::from_secs(1) {
        assert_eq!(status_with_cookie(&app, &active, "/account").await, 200);
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert_eq!(
        status_with_cookie(&app, &idle, "/").await,
        303,
        "idle one ended"
    );
    assert_eq!(
        status_with_cookie(&app, &active, "/").await,
        200,
        "active one lives"
    );
}

#[tokio::test]
async fn the_absolute_timeout_ends_even_a_busy_session() {
    let app = spawn_app_with(|s| s.session_absolute_timeout = Duration::from_secs(2)).await;
    app.create_tenant("acme", "owner@acme.test").await;
    let cookie = login_for_cookie(&app, "owner@acme.test").await;
    assert_eq!(status_with_cookie(&app, &cookie, "/").await, 200);
    let ended = eventually(Duration::from_secs(6), || async {
        status_with_cookie(&app, &cookie, "/").await == 303
    })
    .await;
    assert!(ended, "the session must end at the absolute limit");
}

#[tokio::test]
async fn changing_the_password_ends_the_users_other_sessions() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let other = login_for_cookie(&app, "owner@acme.test").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    let response = app
        .post_form(
            &http,
            "/account",
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a brand new password"),
                ("confirm_password", "a brand new password"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        status_with_cookie(&app, &other, "/").await,
        303,
        "other session ended"
    );
    let own = http.get(app.url("/account")).send().await.unwrap();
    assert_eq!(own.status(), 200, "the session that changed it continues");
    assert!(own
        .text()
        .await
        .unwrap()
        .contains("Your password has been changed"));
    let relogin = app
        .post_login(&client(), "owner@acme.test", "a brand new password")
        .await;
    assert_eq!(relogin.status(), 303);
}

#[tokio::test]
async fn a_wrong_current_password_changes_nothing() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    let response = app
        .post_form(
            &http,
            "/account",
            "/account/password",
            &[
                ("current_password", "not my password at all"),
                ("new_password", "a brand new password"),
                ("confirm_password", "a brand new password"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("That is not your current password."));
    app.login(&client(), "owner@acme.test").await;
}

#[tokio::test]
async fn a_demoted_owner_loses_owner_pages_in_their_other_session_at_once() {
    let app = spawn_app().await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let second = app
        .create_user(&tenant, "second@acme.test", Role::Owner)
        .await;
    let second_session = login_for_cookie(&app, "second@acme.test").await;
    assert_eq!(
        status_with_cookie(&app, &second_session, "/users").await,
        200
    );

    let http = client();
    app.login(&http, "owner@acme.test").await;
    let response = app
        .post_form(
            &http,
            "/users",
            &format!("/users/{}/role", second.public_id),
            &[("role", "viewer")],
        )
        .await;
    assert_eq!(response.status(), 303);
    // Their session ended with the change; after logging in again they are a viewer.
    assert_eq!(
        status_with_cookie(&app, &second_session, "/users").await,
        303
    );
    let again = login_for_cookie(&app, "second@acme.test").await;
    assert_eq!(status_with_cookie(&app, &again, "/users").await, 403);
}

#[tokio::test]
async fn an_owner_can_end_another_users_sessions() {
    let app = spawn_app().await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let issuer = app
        .create_user(&tenant, "issuer@acme.test", Role::Issuer)
        .await;
    let issuer_session = login_for_cookie(&app, "issuer@acme.test").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    let response = app
        .post_form(
            &http,
            "/users",
            &format!("/users/{}/end-sessions", issuer.public_id),
            &[],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(status_with_cookie(&app, &issuer_session, "/").await, 303);
}

#[tokio::test]
async fn disabling_a_user_ends_their_session() {
    let app = spawn_app().await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let issuer = app
        .create_user(&tenant, "issuer@acme.test", Role::Issuer)
        .await;
    let issuer_session = login_for_cookie(&app, "issuer@acme.test").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    app.post_form(
        &http,
        "/users",
        &format!("/users/{}/disable", issuer.public_id),
        &[],
    )
    .await;
    assert_eq!(status_with_cookie(&app, &issuer_session, "/").await, 303);
    let relogin = app
        .post_login(&client(), "issuer@acme.test", PASSWORD)
        .await;
    assert_eq!(relogin.status(), 401);
}
