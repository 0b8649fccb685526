//! Takes headless-Chromium screenshots of the admin pages with realistic data, for
//! reviewing the UI: `cargo run --example screenshots -- /tmp/shots` (needs chromium and
//! chromium-driver). Sends traffic only to 127.0.0.1.

#[path = "../tests/support/mod.rs"]
mod support;

use std::{path::PathBuf, process::Command, time::Duration};

use inquiry_portal::domain::Role;
use thirtyfour::{prelude::*, ChromiumLikeCapabilities};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "/tmp/shots".into()),
    );
    std::fs::create_dir_all(&out)?;
    let app = support::spawn_app().await;
    app.create_operator("ops@portal.test").await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    app.create_user(&tenant, "issuer@acme.test", Role::Issuer)
        .await;
    app.create_user(&tenant, "viewer@acme.test", Role::Viewer)
        .await;
    app.create_tenant("globex", "owner@globex.test").await;

    let port = 9555;
    let mut driver = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .spawn()?;
    let url = format!("http://127.0.0.1:{port}");
    support::eventually(Duration::from_secs(10), || {
        let status = format!("{url}/status");
        async move { reqwest::get(status).await.is_ok() }
    })
    .await;
    let mut caps = DesiredCapabilities::chrome();
    caps.set_binary("/usr/bin/chromium")?;
    for arg in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--window-size=1280,900",
        "--disable-background-networking",
        "--no-first-run",
    ] {
        caps.add_arg(arg)?;
    }
    let browser = WebDriver::new(url.as_str(), caps).await?;
    browser.goto(app.url("/login")).await?;
    browser.screenshot(&out.join("login.png")).await?;
    for (email, pages) in [
        (
            "owner@acme.test",
            vec![
                ("/", "dashboard"),
                ("/users", "users"),
                ("/account", "account"),
                ("/nope", "not-found"),
            ],
        ),
        (
            "ops@portal.test",
            vec![("/operator/tenants", "operator-tenants")],
        ),
    ] {
        browser.delete_all_cookies().await?;
        browser.goto(app.url("/login")).await?;
        browser
            .find(By::Name("email"))
            .await?
            .send_keys(email)
            .await?;
        browser
            .find(By::Name("password"))
            .await?
            .send_keys(support::PASSWORD)
            .await?;
        browser
            .find(By::Css("button[type=submit]"))
            .await?
            .click()
            .await?;
        for (path, name) in pages {
            browser.goto(app.url(path)).await?;
            browser.screenshot(&out.join(format!("{name}.png"))).await?;
        }
    }
    browser.delete_all_cookies().await?;
    browser.goto(app.url("/login")).await?;
    browser
        .find(By::Name("email"))
        .await?
        .send_keys("owner@acme.test")
        .await?;
    browser
        .find(By::Name("password"))
        .await?
        .send_keys("wrong password!")
        .await?;
    browser
        .find(By::Css("button[type=submit]"))
        .await?
        .click()
        .await?;
    browser.query(By::Css(".flash-error")).first().await?;
    browser.screenshot(&out.join("login-error.png")).await?;
    browser.quit().await?;
    let _ = driver.kill();
    println!("screenshots in {}", out.display());
    Ok(())
}
