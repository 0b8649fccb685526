//! Takes headless-Chromium screenshots of the admin pages with realistic data, for
//! reviewing the UI: `cargo run --example screenshots -- /tmp/shots` (needs chromium and
//! chromium-driver). Sends traffic only to 127.0.0.1.

#[path = "../tests/support/mod.rs"]
mod support;

use std::{path::PathBuf, process::Command, time::Duration};

use inquiry_portal::domain::{InquiryStatus, LinkKind, Role};
use support::status::{
    deliver_signed, event_body, seed_inquiry, seed_link, seed_template, CURRENT_VERSION,
    OLD_VERSION,
};
use thirtyfour::{prelude::*, ChromiumLikeCapabilities};

/// Two bulk uploads: one waiting in preview with problems, one issued.
async fn seed_bulk(
    app: &support::TestApp,
    owner: &reqwest::Client,
    template: &str,
) -> (String, String) {
    let with_problems = "reference_id,email,name-first,birthdate,language\n\
        customer-2001,ana@example.com,Ana,1990-02-01,es\n\
        customer-2002,ben@example.com,Ben,1990-13-45,de\n\
        ,cleo@example.com,Cleo,,fr\n\
        customer-2004,dan@example.com,Dan,,xx\n";
    let preview = app.upload_bulk_ok(owner, template, with_problems).await;
    let result = app
        .upload_bulk_ok(owner, template, support::bulk::good_lines(25))
        .await;
    app.start_bulk(owner, &result, false).await;
    app.wait_for_bulk(owner, &result).await;
    (preview, result)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "/tmp/shots".into()),
    );
    std::fs::create_dir_all(&out)?;
    let app = support::status::spawn_app_with_webhooks().await;
    app.create_operator("ops@portal.test").await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    app.create_user(&tenant, "issuer@acme.test", Role::Issuer)
        .await;
    app.create_user(&tenant, "viewer@acme.test", Role::Viewer)
        .await;
    app.create_tenant("globex", "owner@globex.test").await;
    seed_status(&app, &tenant).await;
    let template = app.connect_demo_template(&tenant).await;
    let key = app.api_key(&tenant).await;
    let issued = app
        .issue_dedicated(
            &key,
            &template.provider_template_id,
            serde_json::json!({"reference_id": "customer-1042", "fields": {"name-first": "Ana", "name-last": "Silva"}, "access_code": true}),
        )
        .await;
    app.api_post(
        &key,
        "/api/v1/links",
        &serde_json::json!({"kind": "static", "template_id": template.provider_template_id, "generate_reference_id": true, "max_inquiries": 500}),
    )
    .await;
    // Single sign-on through a real provider, so its settings page shows a saved setup.
    let identity_provider = support::oidc::IdentityProvider::start(&app).await;
    let owner = support::client();
    app.login(&owner, "owner@acme.test").await;
    app.configure_sso(&owner, &identity_provider, "acme.test", "issuer", true)
        .await;
    let link_page = format!("/links/{}", issued["id"].as_str().unwrap_or_default());
    let (bulk_preview, bulk_result) = seed_bulk(&app, &owner, &template.provider_template_id).await;

    // A free port, so that several worktrees can take screenshots at once.
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
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
        "--window-size=1280,1500",
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
                ("/links", "links"),
                ("/links/new?kind=dedicated", "link-new-dedicated"),
                ("/links/new?kind=static", "link-new-static"),
                (link_page.as_str(), "link-detail"),
                ("/links/bulk", "bulk-upload"),
                (bulk_preview.as_str(), "bulk-preview"),
                (bulk_result.as_str(), "bulk-result"),
                ("/templates", "templates"),
                ("/settings", "settings"),
                ("/api-keys", "api-keys"),
                ("/audit", "audit"),
                ("/audit?actor=system%3Awebhook", "audit-filtered"),
                ("/users", "users"),
                ("/account", "account"),
                ("/account/security", "account-security"),
                ("/settings/branding", "branding"),
                ("/settings/sso", "sso-settings"),
                ("/login/sso/callback?code=x&state=y", "sso-refused"),
                ("/webhooks", "webhooks"),
                ("/sandbox/mailbox", "sandbox-mailbox"),
                ("/nope", "not-found"),
            ],
        ),
        (
            "ops@portal.test",
            vec![
                ("/operator/tenants", "operator-tenants"),
                ("/operator/usage", "operator-usage"),
                ("/operator/templates", "operator-templates"),
                ("/operator/sandbox", "operator-sandbox"),
            ],
        ),
        ("owner@globex.test", vec![("/", "dashboard-empty")]),
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
        for (path, name) in &pages {
            browser.goto(app.url(path)).await?;
            browser.screenshot(&out.join(format!("{name}.png"))).await?;
        }
        // The same pages as a phone shows them.
        browser.set_window_rect(0, 0, 390, 844).await?;
        for (path, name) in &pages {
            browser.goto(app.url(path)).await?;
            browser
                .screenshot(&out.join(format!("{name}-phone.png")))
                .await?;
            report_overflow(&browser, name).await?;
        }
        browser.set_window_rect(0, 0, 1280, 1500).await?;
    }
    team_tour(&app, &browser, &out).await?;
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
    end_user_shots(&app, &browser, &key, &template.provider_template_id, &out).await?;
    browser.quit().await?;
    let _ = driver.kill();
    println!("screenshots in {}", out.display());
    Ok(())
}

/// Names the outermost elements that stick out of the window on the right, if any.
async fn report_overflow(browser: &WebDriver, page: &str) -> anyhow::Result<()> {
    let script = r#"
        const width = window.innerWidth;
        const sticking = [];
        for (const el of document.querySelectorAll('body *')) {
            const parent = el.parentElement;
            if (el.getBoundingClientRect().right > width + 1
                && parent && parent.getBoundingClientRect().right <= width + 1) {
                sticking.push(el.tagName.toLowerCase() + '.' + el.className + ' → ' + Math.round(el.getBoundingClientRect().right));
            }
        }
        return [document.documentElement.scrollWidth, width, sticking.slice(0, 6)];
    "#;
    let answer = browser.execute(script, Vec::new()).await?.json().clone();
    if answer[0].as_i64() > answer[1].as_i64() {
        println!("{page}: wider than the phone: {answer}");
    }
    Ok(())
}

async fn sign_in(app: &support::TestApp, browser: &WebDriver, email: &str) -> WebDriverResult<()> {
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
        .await
}

/// Invitations and the tenant switcher, at 1280 and 390 wide: the users page with its
/// invitations, an invitation in the sandbox's mailbox, both accept pages, the switcher.
async fn team_tour(
    app: &support::TestApp,
    browser: &WebDriver,
    out: &std::path::Path,
) -> anyhow::Result<()> {
    use inquiry_portal::accounts::invitations;
    let acme = inquiry_portal::repo::tenants::find_by_slug(&app.db.connection, "acme")
        .await?
        .ok_or_else(|| anyhow::anyhow!("no acme"))?;
    let actor = "system:screenshots";
    for (email, role) in [
        ("grace@example.com", "issuer"),
        ("owner@globex.test", "viewer"),
    ] {
        let inviter = invitations::Inviter {
            tenant: &acme,
            actor,
        };
        invitations::invite(&app.state, inviter, email, role)
            .await?
            .map_err(|errors| anyhow::anyhow!("invite: {errors:?}"))?;
    }
    let messages = support::mail_rows(app).await;
    let mut paths = Vec::new();
    for row in &messages {
        let opened = inquiry_portal::notifications::outbox::open(&app.state, row.clone())?;
        let start = opened.text.find("/invitations/").unwrap_or(0);
        let path: String = opened.text[start..]
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_owned();
        paths.push((format!("/sandbox/mailbox/{}", row.public_id), path));
    }
    let [(new_message, new_accept), (_, known_accept)] = &paths[..] else {
        anyhow::bail!("two invitations expected");
    };
    for (width, height, suffix) in [(1280, 1000, "1280"), (390, 844, "390")] {
        browser.set_window_rect(0, 0, width, height).await?;
        sign_in(app, browser, "owner@acme.test").await?;
        for (path, name) in [
            ("/users", "team-users"),
            (new_message.as_str(), "team-invitation-email"),
        ] {
            browser.goto(app.url(path)).await?;
            browser
                .screenshot(&out.join(format!("{name}-{suffix}.png")))
                .await?;
        }
        browser.delete_all_cookies().await?;
        for (path, name) in [
            (new_accept, "team-accept-new"),
            (known_accept, "team-accept-sign-in"),
        ] {
            browser.goto(app.url(path)).await?;
            browser
                .screenshot(&out.join(format!("{name}-{suffix}.png")))
                .await?;
        }
    }
    // The colleague from globex signs in from the invitation, accepts, and can switch.
    sign_in(app, browser, "owner@globex.test").await?;
    browser.goto(app.url(known_accept)).await?;
    browser
        .screenshot(&out.join("team-accept-signed-in-390.png"))
        .await?;
    browser
        .find(By::Css("form[action$='/accept'] button"))
        .await?
        .click()
        .await?;
    browser
        .screenshot(&out.join("team-switcher-390.png"))
        .await?;
    browser.set_window_rect(0, 0, 1280, 1000).await?;
    browser.goto(app.url("/links")).await?;
    browser
        .screenshot(&out.join("team-switcher-1280.png"))
        .await?;
    browser.set_window_rect(0, 0, 1280, 1500).await?;
    Ok(())
}

/// Links in every state a dashboard shows, moved along by signed provider webhooks.
async fn seed_status(app: &support::TestApp, tenant: &inquiry_portal::entities::tenants::Model) {
    let template = seed_template(app, tenant).await;
    let plan: [(&str, i64, &str, &[&str]); 8] = [
        (
            "cust-1001",
            7 * 86_400,
            CURRENT_VERSION,
            &["inquiry.started", "inquiry.completed", "inquiry.approved"],
        ),
        (
            "cust-1002",
            7 * 86_400,
            CURRENT_VERSION,
            &["inquiry.started", "inquiry.completed"],
        ),
        (
            "cust-1003",
            5 * 3_600,
            CURRENT_VERSION,
            &["inquiry.started"],
        ),
        ("cust-1004", 20 * 3_600, CURRENT_VERSION, &[]),
        ("cust-1005", 7 * 86_400, OLD_VERSION, &["inquiry.started"]),
        ("cust-1006", 3 * 86_400, OLD_VERSION, &[]),
        (
            "cust-1007",
            7 * 86_400,
            CURRENT_VERSION,
            &["inquiry.started", "inquiry.failed"],
        ),
        (
            "cust-1008",
            7 * 86_400,
            CURRENT_VERSION,
            &["inquiry.expired"],
        ),
    ];
    let start = chrono::Utc::now() - chrono::Duration::minutes(30);
    for (n, (reference, expires_in, version, events)) in plan.into_iter().enumerate() {
        let link = seed_link(
            app,
            tenant,
            &template,
            LinkKind::Dedicated,
            reference,
            expires_in,
        )
        .await;
        if !events.is_empty() || n % 2 == 0 {
            inquiry_portal::repo::links::add_clicks(&app.db.connection, link.id, 1 + n as i64, 0)
                .await
                .expect("clicks");
        }
        let inquiry = seed_inquiry(app, tenant, Some(&link), InquiryStatus::Created, version).await;
        for (step, name) in events.iter().enumerate() {
            let at = start + chrono::Duration::minutes((n * 3 + step) as i64);
            let body = event_body(
                &format!("evt_shot_{n}_{step}"),
                name,
                &inquiry.provider_inquiry_id,
                at,
            );
            deliver_signed(app, &body).await;
        }
    }
}

/// The end-user pages in German, in the tenant's brand, on a laptop and a phone.
async fn end_user_shots(
    app: &support::TestApp,
    browser: &WebDriver,
    key: &str,
    template: &str,
    out: &std::path::Path,
) -> anyhow::Result<()> {
    let owner = support::client();
    app.login(&owner, "owner@acme.test").await;
    let fields = [
        ("display_name", "Acme Bank"),
        ("accent_colour", "#0f766e"),
        ("support_contact", "hilfe@acme-bank.example"),
    ];
    let page = "/settings/branding";
    app.post_form(&owner, page, page, &fields).await;
    let pixels = image::RgbImage::from_fn(240, 64, |x, _| {
        if x < 64 {
            image::Rgb([15, 118, 110])
        } else {
            image::Rgb([255, 255, 255])
        }
    });
    let mut logo = Vec::new();
    image::DynamicImage::ImageRgb8(pixels).write_to(
        &mut std::io::Cursor::new(&mut logo),
        image::ImageFormat::Png,
    )?;
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", app.csrf_from(&owner, page).await)
        .part(
            "logo",
            reqwest::multipart::Part::bytes(logo).file_name("logo.png"),
        );
    owner
        .post(app.url("/settings/branding/logo"))
        .multipart(form)
        .send()
        .await?;
    let fresh = app
        .issue_dedicated(key, template, serde_json::json!({}))
        .await;
    let bound = app
        .issue_dedicated(key, template, serde_json::json!({"access_code": true}))
        .await;
    let bound_url = bound["url"].as_str().unwrap_or_default();
    support::links::press_continue(&support::client(), bound_url).await;
    let agent = browser
        .execute("return navigator.userAgent;", Vec::new())
        .await?;
    let agent = agent.json().as_str().unwrap_or_default().to_owned();
    browser
        .cdp()
        .send_raw(
            "Emulation.setUserAgentOverride",
            serde_json::json!({"userAgent": agent, "acceptLanguage": "de"}),
        )
        .await?;
    for (width, height) in [(1280, 900), (390, 844)] {
        let metrics = serde_json::json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600});
        browser
            .cdp()
            .send_raw("Emulation.setDeviceMetricsOverride", metrics)
            .await?;
        browser.delete_all_cookies().await?;
        for (url, name) in [
            (fresh["url"].as_str().unwrap_or_default(), "continue-de"),
            (bound_url, "access-code-de"),
        ] {
            browser.goto(url).await?;
            let file = format!("{name}-{width}x{height}.png");
            browser.screenshot(&out.join(file)).await?;
        }
    }
    Ok(())
}
