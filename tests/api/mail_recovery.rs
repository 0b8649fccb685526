//! Self-service recovery (DESIGN 13.3): "Email me a new link" on the dead ends of a
//! dedicated link sends a one-time access link to the address on file.

use inquiry_portal::{
    db::now,
    domain::{LinkState, MessageKind},
    repo::{self, TenantScope},
};
use serde_json::{json, Value};

use crate::{
    mail::outbox_rows,
    support::{
        links::{browser, click, click_and_continue},
        smtp::SmtpServer,
        spawn_app, spawn_app_with, TestApp,
    },
};

struct Setup {
    key: String,
    template: String,
    scope: TenantScope,
}

async fn setup(app: &TestApp) -> Setup {
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let template = app
        .connect_demo_template(&tenant)
        .await
        .provider_template_id;
    Setup {
        key: app.api_key(&tenant).await,
        template,
        scope: TenantScope::new(tenant.id),
    }
}

fn recover_path(link: &Value) -> String {
    let url = link["url"].as_str().unwrap();
    format!("{}/recover", url::Url::parse(url).unwrap().path())
}

async fn press_recover(app: &TestApp, client: &reqwest::Client, link: &Value) -> (u16, String) {
    let response = client
        .post(app.url(&recover_path(link)))
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// A link the person opened on their phone: another browser meets the dead end.
async fn link_started_on_a_phone(app: &TestApp, setup: &Setup, extra: Value) -> Value {
    let link = app
        .issue_dedicated(&setup.key, &setup.template, extra)
        .await;
    let (status, _) = click_and_continue(&browser(), link["url"].as_str().unwrap()).await;
    assert_eq!(status, 303, "the phone is bound and sent into the flow");
    link
}

#[tokio::test]
async fn a_person_on_a_new_browser_gets_a_new_link_by_email_and_continues_there() {
    let smtp = SmtpServer::start();
    let smtp_url = smtp.url();
    let app = spawn_app_with(|settings| {
        settings.mail.smtp_url = Some(smtp_url);
        settings.mail.poll_interval = std::time::Duration::from_millis(100);
    })
    .await;
    let setup = setup(&app).await;
    let sent_to = json!({"fields": {"name-first": "Ada"}, "send_to": {"email": "ada@example.com"}});
    let link = link_started_on_a_phone(&app, &setup, sent_to).await;
    smtp.wait_for(1).await;

    let laptop = browser();
    let (status, page) = click(&laptop, link["url"].as_str().unwrap()).await;
    assert_eq!(status, 403, "{page}");
    assert!(
        page.contains("Continue on the device where you started"),
        "{page}"
    );
    assert!(page.contains("Email me a new link"), "{page}");
    assert!(
        page.contains(&format!("action=\"{}\"", recover_path(&link))),
        "{page}"
    );

    let (status, page) = press_recover(&app, &laptop, &link).await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("a•••@example.com"),
        "the address is shown masked: {page}"
    );
    assert!(!page.contains("ada@example.com"), "{page}");

    let received = smtp.wait_for(2).await;
    let message = &received[1];
    assert_eq!(message.rcpt_tos, vec!["ada@example.com".to_owned()]);
    assert_eq!(
        message.subject,
        "Your new link to continue with Tenant acme"
    );
    let text = message.text.as_deref().unwrap();
    let access_url = text
        .split_whitespace()
        .find(|word| word.contains("/a/"))
        .expect("a one-time access link in the message")
        .to_owned();
    assert!(message.html.as_deref().unwrap().contains(&access_url));

    let (status, location) = click_and_continue(&laptop, &access_url).await;
    assert_eq!(status, 303, "the laptop continues: {location}");
    assert!(location.contains("/sandbox/verify"), "{location}");
    let (status, _) = click(&laptop, link["url"].as_str().unwrap()).await;
    assert_eq!(status, 302, "the laptop is now bound to the link");
    assert_eq!(
        app.count_rows("audit_events WHERE action = 'access.recovered'")
            .await,
        1
    );
}

#[tokio::test]
async fn at_most_three_new_links_per_hour_then_a_429_page() {
    let app = spawn_app().await;
    let setup = setup(&app).await;
    let prefilled = json!({"fields": {"email-address": "bo@example.com"}});
    let link = link_started_on_a_phone(&app, &setup, prefilled).await;
    let laptop = browser();
    for _ in 0..3 {
        let (status, page) = press_recover(&app, &laptop, &link).await;
        assert_eq!(status, 200, "{page}");
        assert!(page.contains("b•••@example.com"), "{page}");
    }
    let response = laptop
        .post(app.url(&recover_path(&link)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    assert!(response.headers().get("retry-after").is_some());
    let rows = outbox_rows(&app).await;
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|row| row.kind == MessageKind::Recovery));
}

#[tokio::test]
async fn without_an_address_on_file_the_page_names_the_company_and_nothing_is_sent() {
    let app = spawn_app().await;
    let setup = setup(&app).await;
    let link = link_started_on_a_phone(&app, &setup, json!({})).await;
    let (status, page) = press_recover(&app, &browser(), &link).await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("Please contact Tenant acme, the company that sent you the link"),
        "{page}"
    );
    assert!(outbox_rows(&app).await.is_empty());
}

#[tokio::test]
async fn a_recover_post_from_another_site_is_refused_and_sends_nothing() {
    let app = spawn_app().await;
    let setup = setup(&app).await;
    let link = link_started_on_a_phone(
        &app,
        &setup,
        json!({"fields": {"email-address": "bo@example.com"}}),
    )
    .await;
    let response = browser()
        .post(app.url(&recover_path(&link)))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(outbox_rows(&app).await.is_empty());
}

#[tokio::test]
async fn an_expired_link_is_extended_by_recovery_only_when_the_policy_allows_it() {
    let app = spawn_app().await;
    let setup = setup(&app).await;
    let link = app
        .issue_dedicated(
            &setup.key,
            &setup.template,
            json!({"fields": {"email-address": "cy@example.com"}}),
        )
        .await;
    let id = link["id"].as_str().unwrap();
    let row = repo::links::find(&app.db.connection, setup.scope, id)
        .await
        .unwrap()
        .unwrap();
    repo::links::set_expiry(
        &app.db.connection,
        setup.scope,
        row.id,
        now() - 60,
        LinkState::Expired,
    )
    .await
    .unwrap();
    app.state.forget_link(&row).await;

    let (status, page) = click(&browser(), link["url"].as_str().unwrap()).await;
    assert_eq!(status, 410);
    assert!(page.contains("Email me a new link"), "{page}");
    let (status, page) = press_recover(&app, &browser(), &link).await;
    assert_eq!(status, 410, "the policy does not extend by email: {page}");
    assert!(page.contains("Tenant acme"), "{page}");
    assert!(outbox_rows(&app).await.is_empty());

    let mut policy = repo::policies::get(&app.db.connection, setup.scope)
        .await
        .unwrap();
    policy.self_service_extension_seconds = 3600;
    repo::policies::save(&app.db.connection, setup.scope, &policy)
        .await
        .unwrap();
    let (status, page) = press_recover(&app, &browser(), &link).await;
    assert_eq!(status, 200, "{page}");
    let row = repo::links::find(&app.db.connection, setup.scope, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.state, LinkState::Active);
    assert!((now() + 3500..=now() + 3700).contains(&row.expires_at));
    assert_eq!(outbox_rows(&app).await.len(), 1);
}
