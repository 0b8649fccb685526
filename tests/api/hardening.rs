//! Small hardening items of the security audit: Unicode passwords, the database file's
//! mode, 405 for a known path with another method, slow clients, and `/metrics` access.

use std::time::{Duration, Instant};

use inquiry_portal::{accounts, domain::Role};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

use crate::support::{bare_client, client, spawn_app, spawn_app_with, TestApp};

/// "Amélie" with the accent as its own combining character (NFD), and precomposed (NFC).
const DECOMPOSED: &str = "Ame\u{301}lie's long passphrase";
const PRECOMPOSED: &str = "Am\u{e9}lie's long passphrase";

#[tokio::test]
async fn a_password_typed_in_another_unicode_form_still_signs_in() {
    let app = spawn_app().await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    for (email, stored, typed) in [
        ("mac@acme.test", DECOMPOSED, PRECOMPOSED),
        ("pc@acme.test", PRECOMPOSED, DECOMPOSED),
    ] {
        accounts::create_user(
            &app.db,
            &app.hasher,
            "system:test",
            Some(tenant.id),
            email,
            Role::Issuer,
            stored,
        )
        .await
        .unwrap_or_else(|_| panic!("create {email}"));
        let response = app.post_login(&client(), email, typed).await;
        assert_eq!(response.status(), 303, "{email}");
    }
}

#[cfg(unix)]
#[tokio::test]
async fn the_sqlite_database_files_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let app = spawn_app().await;
    let Some(path) = app
        .settings
        .database_url
        .strip_prefix("sqlite://")
        .and_then(|rest| rest.split('?').next())
    else {
        return; // PostgreSQL: the server owns its files.
    };
    // Written once, so the write-ahead log and its index exist too.
    app.create_tenant("acme", "owner@acme.test").await;
    for suffix in ["", "-wal", "-shm"] {
        let file = format!("{path}{suffix}");
        let Ok(metadata) = std::fs::metadata(&file) else {
            assert!(!suffix.is_empty(), "{file} exists");
            continue;
        };
        assert_eq!(
            metadata.permissions().mode() & 0o777,
            0o600,
            "mode of {file}"
        );
    }
}

#[tokio::test]
async fn another_method_on_a_known_path_is_405_with_allow_and_an_unknown_path_404() {
    let app = spawn_app().await;
    let http = bare_client();
    for (method, path, allowed) in [
        (reqwest::Method::POST, "/healthz", "GET"),
        (reqwest::Method::GET, "/logout", "POST"),
        (reqwest::Method::PUT, "/login", "GET"),
        (reqwest::Method::DELETE, "/links/new", "GET"),
        (reqwest::Method::DELETE, "/api/v1/links", "GET"),
    ] {
        let response = http
            .request(method.clone(), app.url(path))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 405, "{method} {path}");
        let allow = response.headers()["allow"].to_str().unwrap().to_owned();
        assert!(allow.contains(allowed), "{method} {path}: Allow: {allow}");
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
        assert!(
            !response.text().await.unwrap().is_empty(),
            "{method} {path}"
        );
    }
    let unknown = http.post(app.url("/no/such/page")).send().await.unwrap();
    assert_eq!(unknown.status(), 404);
}

/// Sends `head` (and whatever it includes of a body), then reads until the server answers
/// or closes; gives up after `patience`. The answer's status line, if any.
async fn send_and_wait(app: &TestApp, head: &str, patience: Duration) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", app.port)).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(patience, stream.read_to_end(&mut answer)).await;
    if read.is_err() && answer.is_empty() {
        return None;
    }
    String::from_utf8_lossy(&answer)
        .lines()
        .next()
        .map(str::to_owned)
}

#[tokio::test]
async fn a_request_body_that_trickles_in_is_cut_off_with_408() {
    let app =
        spawn_app_with(|settings| settings.request_read_timeout = Duration::from_secs(1)).await;
    let started = Instant::now();
    // Promises 100 bytes, sends 7, then nothing more.
    let status = send_and_wait(
        &app,
        "POST /login HTTP/1.1\r\nHost: portal\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nemail=a",
        Duration::from_secs(20),
    )
    .await;
    let status = status.expect("the server answers instead of waiting for the rest");
    assert!(status.contains(" 408"), "{status}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn request_headers_that_trickle_in_are_cut_off_at_the_configured_timeout() {
    let app =
        spawn_app_with(|settings| settings.request_read_timeout = Duration::from_secs(1)).await;
    let started = Instant::now();
    let status = send_and_wait(
        &app,
        "GET /healthz HTTP/1.1\r\nHost: por",
        Duration::from_secs(20),
    )
    .await
    .expect("the server answers instead of waiting for the rest");
    assert!(status.contains(" 408"), "{status}");
    // actix's own default is 5 s; the configured second applies.
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn with_a_metrics_token_metrics_answer_only_to_that_bearer() {
    let token = "metrics-token-metrics-token-0123456789";
    let app = spawn_app_with(|settings| settings.metrics_token = Some(token.into())).await;
    let http = bare_client();
    let without = http.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(without.status(), 401);
    assert_eq!(without.headers()["www-authenticate"], "Bearer");
    let wrong = http
        .get(app.url("/metrics"))
        .bearer_auth("metrics-token-metrics-token-0123456780")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let right = http
        .get(app.url("/metrics"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), 200);
    assert!(right
        .text()
        .await
        .unwrap()
        .contains("portal_http_requests_total"));
}
