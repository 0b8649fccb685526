//! Email through a real SMTP server (aiosmtpd, started by the test): links sent by email
//! arrive with their recipient, subject, link and both parts; a temporary refusal is
//! retried; a permanent one is marked failed with the server's reason; messages queued
//! before a restart are delivered once, by whichever instance takes them.

use std::time::Duration;

use inquiry_portal::{domain::MessageState, entities::outbox_messages, repo};
use sea_orm::{EntityTrait, QueryOrder};
use serde_json::{json, Value};

use crate::support::{
    eventually, smtp::SmtpServer, spawn_app, spawn_app_with, spawn_instance_like_with, TestApp,
};

/// An app that delivers to `smtp`, looking for due messages often and retrying soon.
async fn app_sending_to(smtp: &SmtpServer) -> TestApp {
    let url = smtp.url();
    spawn_app_with(|settings| {
        settings.mail.smtp_url = Some(url);
        settings.mail.from = "Portal <no-reply@portal.test>".into();
        settings.mail.poll_interval = Duration::from_millis(100);
        settings.mail.retry_base = Duration::from_secs(1);
    })
    .await
}

/// A tenant with the demo template and an API key: (key, template id).
async fn tenant_with_key(app: &TestApp) -> (String, String) {
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let template = app.connect_demo_template(&tenant).await;
    (app.api_key(&tenant).await, template.provider_template_id)
}

pub async fn outbox_rows(app: &TestApp) -> Vec<outbox_messages::Model> {
    outbox_messages::Entity::find()
        .order_by_asc(outbox_messages::Column::Id)
        .all(&app.db.connection)
        .await
        .expect("outbox rows")
}

async fn issue_sent_to(app: &TestApp, key: &str, template: &str, email: &str) -> Value {
    app.issue_dedicated(
        key,
        template,
        json!({"fields": {"name-first": "Ada", "name-last": "Lovelace"}, "send_to": {"email": email}}),
    )
    .await
}

#[tokio::test]
async fn a_link_sent_by_email_arrives_with_its_recipient_subject_link_and_both_parts() {
    let smtp = SmtpServer::start();
    let app = app_sending_to(&smtp).await;
    let (key, template) = tenant_with_key(&app).await;
    let link = issue_sent_to(&app, &key, &template, "ada@example.com").await;
    let url = link["url"].as_str().unwrap();

    let received = smtp.wait_for(1).await;
    let message = &received[0];
    assert_eq!(message.rcpt_tos, vec!["ada@example.com".to_owned()]);
    assert_eq!(message.mail_from, "no-reply@portal.test");
    assert_eq!(
        message.subject,
        "Tenant acme asks you to verify your identity"
    );
    let text = message.text.as_deref().expect("a text part");
    let html = message.html.as_deref().expect("an HTML part");
    for part in [text, html] {
        assert!(part.contains(url), "the part carries the link: {part}");
        assert!(part.contains("Hello Ada"), "{part}");
        assert!(part.contains("Tenant acme"), "{part}");
        assert!(part.contains("expires on"), "{part}");
        assert!(
            !part.contains("Lovelace"),
            "no PII beyond the first name: {part}"
        );
    }
    assert!(html.contains(&format!("href=\"{url}\"")), "{html}");
    let sent = eventually(Duration::from_secs(10), || async {
        outbox_rows(&app).await[0].state == MessageState::Sent
    })
    .await;
    assert!(sent, "the row is marked sent");
    assert_eq!(
        outbox_rows(&app).await[0].recipient_masked,
        "a•••@example.com"
    );
}

#[tokio::test]
async fn a_temporary_refusal_is_retried_and_the_message_delivered() {
    let smtp = SmtpServer::start();
    smtp.refuse_once("451 4.3.0 Mailbox busy, try again later");
    let app = app_sending_to(&smtp).await;
    let (key, template) = tenant_with_key(&app).await;
    issue_sent_to(&app, &key, &template, "grace@example.com").await;

    let received = smtp.wait_for(1).await;
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].rcpt_tos, vec!["grace@example.com".to_owned()]);
    assert!(!smtp.refusal_pending(), "the first try was refused");
    let row = eventually(Duration::from_secs(10), || async {
        outbox_rows(&app).await[0].state == MessageState::Sent
    })
    .await;
    assert!(row, "marked sent after the retry");
    let row = &outbox_rows(&app).await[0];
    assert_eq!(row.attempts, 2, "one refusal, then the delivery");
}

#[tokio::test]
async fn a_permanent_refusal_marks_the_message_failed_with_the_servers_reason() {
    let smtp = SmtpServer::start();
    smtp.refuse_always("550 5.1.1 No such mailbox here");
    let app = app_sending_to(&smtp).await;
    let (key, template) = tenant_with_key(&app).await;
    let link = issue_sent_to(&app, &key, &template, "nobody@example.com").await;

    let failed = eventually(Duration::from_secs(20), || async {
        outbox_rows(&app).await[0].state == MessageState::Failed
    })
    .await;
    assert!(failed, "the message is marked failed");
    let row = &outbox_rows(&app).await[0];
    let reason = row.last_error.as_deref().unwrap_or_default();
    assert!(reason.contains("No such mailbox here"), "{reason}");
    assert!(reason.contains("550"), "{reason}");
    assert_eq!(row.attempts, 1, "a permanent refusal is not retried");
    assert!(smtp.received().is_empty());
    let trail = app
        .count_rows("audit_events WHERE action = 'message.failed'")
        .await;
    assert_eq!(trail, 1, "the failure is on the link's trail");
    let metrics = reqwest::get(app.url("/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("portal_outbox_failed 1"), "{metrics}");
    let _ = link;
}

#[tokio::test]
async fn messages_queued_before_a_restart_are_delivered_once_by_two_instances() {
    // Committed while no instance could send (no SMTP configured, or the one that would
    // have was killed): the messages wait in the outbox.
    let first = spawn_app().await;
    let (key, template) = tenant_with_key(&first).await;
    for n in 0..6 {
        issue_sent_to(&first, &key, &template, &format!("person{n}@example.com")).await;
    }
    assert!(outbox_rows(&first)
        .await
        .iter()
        .all(|row| row.state == MessageState::Queued));

    let smtp = SmtpServer::start();
    let url = smtp.url();
    let configure = |settings: &mut inquiry_portal::config::Settings| {
        settings.mail.smtp_url = Some(url.clone());
        settings.mail.poll_interval = Duration::from_millis(20);
    };
    let second = spawn_instance_like_with(&first, configure).await;
    let third = spawn_instance_like_with(&first, configure).await;
    smtp.wait_for(6).await;
    let all_sent = eventually(Duration::from_secs(10), || async {
        outbox_rows(&first)
            .await
            .iter()
            .all(|row| row.state == MessageState::Sent)
    })
    .await;
    assert!(all_sent);
    // Both instances keep polling; nothing more arrives.
    let again = eventually(Duration::from_millis(500), || async {
        smtp.received().len() > 6
    })
    .await;
    assert!(!again, "a message was sent twice: {:?}", smtp.received());
    let mut recipients: Vec<String> = smtp
        .received()
        .iter()
        .map(|message| message.rcpt_tos.join(","))
        .collect();
    recipients.sort();
    recipients.dedup();
    assert_eq!(recipients.len(), 6, "each message once");
    drop((second, third));
}

#[tokio::test]
async fn a_message_whose_worker_died_holding_its_lease_is_delivered_when_the_lease_ends() {
    let first = spawn_app().await;
    let (key, template) = tenant_with_key(&first).await;
    issue_sent_to(&first, &key, &template, "lin@example.com").await;
    // A worker claimed it and was killed (kill -9) before talking to the server.
    let row = &outbox_rows(&first).await[0];
    let now = inquiry_portal::db::now();
    let claimed = repo::outbox::claim(&first.db.connection, row.id, now, now + 1)
        .await
        .unwrap();
    assert!(claimed);
    let again = repo::outbox::claim(&first.db.connection, row.id, now, now + 60)
        .await
        .unwrap();
    assert!(!again, "a live lease cannot be taken");

    let smtp = SmtpServer::start();
    let url = smtp.url();
    let _second = spawn_instance_like_with(&first, |settings| {
        settings.mail.smtp_url = Some(url);
        settings.mail.poll_interval = Duration::from_millis(100);
    })
    .await;
    let received = smtp.wait_for(1).await;
    assert_eq!(received[0].rcpt_tos, vec!["lin@example.com".to_owned()]);
    let row = &outbox_rows(&first).await[0];
    assert_eq!(
        row.attempts, 2,
        "the dead worker's claim, then the delivery"
    );
}
