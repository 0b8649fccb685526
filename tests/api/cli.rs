//! The command line, run as the real binary against a running test portal's database.

use std::process::{Output, Stdio};

use tokio::process::Command;

use crate::support::{client, spawn_app, TestApp, PASSWORD};

/// Runs the binary without blocking the test's runtime: the test portal's database
/// connections are driven by it, and the command may call the portal (the sandbox).
async fn run(
    app: &TestApp,
    data_dir: &std::path::Path,
    args: &[&str],
    password: Option<&str>,
) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_inquiry-portal"));
    command
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", &app.settings.database_url)
        .env("PORTAL_DATA_DIR", data_dir)
        .env("PORTAL_PUBLIC_URL", &app.address)
        .env("PORTAL_SANDBOX_API_KEY", &app.settings.sandbox_api_key)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null());
    if let Some(password) = password {
        command.env("PORTAL_PASSWORD", password);
    }
    command.output().await.expect("run the binary")
}

#[tokio::test]
async fn the_cli_creates_an_operator_a_tenant_an_api_key_and_connects_a_template() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let demo = inquiry_portal::sandbox::ensure_demo_template(&app.db)
        .await
        .unwrap();

    let operator = run(
        &app,
        dir.path(),
        &["create-operator", "--email", "ops@cli.test"],
        Some(PASSWORD),
    )
    .await;
    assert!(
        operator.status.success(),
        "{}",
        String::from_utf8_lossy(&operator.stderr)
    );
    let tenant = run(
        &app,
        dir.path(),
        &[
            "create-tenant",
            "--slug",
            "cli-co",
            "--name",
            "CLI Co",
            "--admin-email",
            "owner@cli.test",
        ],
        Some(PASSWORD),
    )
    .await;
    assert!(
        tenant.status.success(),
        "{}",
        String::from_utf8_lossy(&tenant.stderr)
    );
    app.login(&client(), "owner@cli.test").await;

    let connect = run(
        &app,
        dir.path(),
        &[
            "connect-template",
            "--tenant",
            "cli-co",
            "--template-id",
            &demo.template_id,
            "--name",
            "KYC",
        ],
        None,
    )
    .await;
    assert!(
        connect.status.success(),
        "{}",
        String::from_utf8_lossy(&connect.stderr)
    );
    assert_eq!(app.count_rows("template_connections").await, 1);

    let key = run(
        &app,
        dir.path(),
        &["create-api-key", "--tenant", "cli-co", "--name", "backend"],
        None,
    )
    .await;
    assert!(
        key.status.success(),
        "{}",
        String::from_utf8_lossy(&key.stderr)
    );
    let secret = String::from_utf8(key.stdout).unwrap().trim().to_owned();
    assert!(secret.starts_with("ilp_"), "only the key goes to stdout");
    assert_eq!(app.api_get(&secret, "/api/v1/links").await.0, 200);
}

#[tokio::test]
async fn the_cli_refuses_bad_input_with_a_message_and_no_change() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let short = run(
        &app,
        dir.path(),
        &["create-operator", "--email", "ops@cli.test"],
        Some("short"),
    )
    .await;
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("12 characters"));
    let unknown = run(
        &app,
        dir.path(),
        &["create-api-key", "--tenant", "nobody", "--name", "x"],
        None,
    )
    .await;
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no tenant"));
    let no_password = run(
        &app,
        dir.path(),
        &["create-operator", "--email", "x@cli.test"],
        None,
    )
    .await;
    assert!(
        !no_password.status.success(),
        "no password on stdin or in the environment"
    );
    assert_eq!(app.count_rows("users").await, 0);
    assert_eq!(app.count_rows("api_keys").await, 0);
}

#[tokio::test]
async fn a_short_key_in_the_environment_stops_the_portal_with_a_clear_message() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_inquiry-portal"))
        .arg("migrate")
        .env_clear()
        .env("DATABASE_URL", &app.settings.database_url)
        .env("PORTAL_DATA_DIR", dir.path())
        .env("PORTAL_DATA_KEY", "c2hvcnQ=")
        .output()
        .await
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("PORTAL_DATA_KEY"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[tokio::test]
async fn the_cli_creates_a_key_limited_by_scopes_expiry_and_networks() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let dir = tempfile::tempdir().unwrap();
    let key = run(
        &app,
        dir.path(),
        &[
            "create-api-key",
            "--tenant",
            "acme",
            "--name",
            "reader",
            "--scopes",
            "links:read,inquiries:read",
            "--expires-in-days",
            "7",
            "--allowed-networks",
            "127.0.0.0/8,10.0.0.0/8",
        ],
        None,
    )
    .await;
    assert!(
        key.status.success(),
        "{}",
        String::from_utf8_lossy(&key.stderr)
    );
    let secret = String::from_utf8(key.stdout).unwrap().trim().to_owned();
    assert_eq!(app.api_get(&secret, "/api/v1/links").await.0, 200);
    let (status, body) = app
        .api_post(&secret, "/api/v1/links", &serde_json::json!({}))
        .await;
    assert_eq!(
        (status, body["error"]["type"].as_str()),
        (403, Some("insufficient_scope"))
    );
    let row =
        inquiry_portal::repo::api_keys::find_active_by_prefix(&app.db.connection, &secret[4..14])
            .await
            .unwrap()
            .unwrap();
    assert_eq!(row.scopes.as_deref(), Some("links:read inquiries:read"));
    assert_eq!(
        row.allowed_networks.as_deref(),
        Some("127.0.0.0/8 10.0.0.0/8")
    );
    let week = row.expires_at.unwrap() - row.created_at;
    assert!((7 * 86_400 - 5..=7 * 86_400 + 5).contains(&week), "{week}");

    let limited = run(
        &app,
        dir.path(),
        &[
            "create-api-key",
            "--tenant",
            "acme",
            "--name",
            "far",
            "--allowed-networks",
            "10.0.0.0/8",
        ],
        None,
    )
    .await;
    let far = String::from_utf8(limited.stdout).unwrap().trim().to_owned();
    assert_eq!(app.api_get(&far, "/api/v1/links").await.0, 403);
}

#[tokio::test]
async fn the_cli_refuses_bad_key_flags_naming_the_flag_and_creates_nothing() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let dir = tempfile::tempdir().unwrap();
    for (flag, value) in [
        ("--scopes", "links:delete"),
        ("--expires-in-days", "0"),
        ("--allowed-networks", "10.0.0.0/33"),
    ] {
        let refused = run(
            &app,
            dir.path(),
            &[
                "create-api-key",
                "--tenant",
                "acme",
                "--name",
                "x",
                flag,
                value,
            ],
            None,
        )
        .await;
        assert!(!refused.status.success());
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(stderr.contains(flag), "{flag}: {stderr}");
    }
    assert_eq!(app.count_rows("api_keys").await, 0);
}
