//! The events the notifications raise: `access.recovered` when a person gets a new link by
//! email from a dead end, `message.failed` when the mail server refuses a message for good.

use std::time::Duration;

use serde_json::{json, Value};

use super::{deliver_until, setup};
use crate::support::{
    links::{browser, click_and_continue},
    receiver::Receiver,
    smtp::SmtpServer,
};

async fn accepted_of_type(receiver: &Receiver, kind: &str) -> Vec<Value> {
    receiver
        .accepted_bodies()
        .await
        .into_iter()
        .filter(|body| body["type"] == kind)
        .collect()
}

#[tokio::test]
async fn a_person_who_recovers_access_by_email_is_announced_to_the_tenants_backend() {
    let setup = setup(|_| {}).await;
    let receiver = Receiver::start();
    let endpoint = setup.register(&receiver.url(), &["access.recovered"]).await;
    receiver
        .verify_with(endpoint["secret"].as_str().unwrap())
        .await;
    let link = setup
        .app
        .issue_dedicated(
            &setup.key,
            &setup.template_id,
            json!({"reference_id": "cust-7", "fields": {"email-address": "bo@example.com"}}),
        )
        .await;
    let url = link["url"].as_str().unwrap();
    assert_eq!(
        click_and_continue(&browser(), url).await.0,
        303,
        "the phone is bound"
    );

    let path = format!("{}/recover", url::Url::parse(url).unwrap().path());
    let pressed = browser()
        .post(setup.app.url(&path))
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(pressed.status(), 200, "a new link is on its way");

    deliver_until(&setup.app, || async {
        !accepted_of_type(&receiver, "access.recovered")
            .await
            .is_empty()
    })
    .await;
    let event = &accepted_of_type(&receiver, "access.recovered").await[0];
    assert_eq!(event["data"]["link_id"], link["id"], "{event}");
    assert_eq!(event["data"]["reference_id"], "cust-7", "{event}");
    assert!(
        !event.to_string().contains("bo@example.com"),
        "no address: {event}"
    );
}

#[tokio::test]
async fn a_message_the_mail_server_refuses_for_good_is_announced_without_the_address() {
    let smtp = SmtpServer::start();
    smtp.refuse_always("550 5.1.1 <nobody@example.com> No such mailbox here");
    let smtp_url = smtp.url();
    let setup = setup(move |settings| {
        settings.mail.smtp_url = Some(smtp_url);
        settings.mail.poll_interval = Duration::from_millis(100);
    })
    .await;
    let receiver = Receiver::start();
    let endpoint = setup.register(&receiver.url(), &["message.failed"]).await;
    receiver
        .verify_with(endpoint["secret"].as_str().unwrap())
        .await;
    let link = setup
        .app
        .issue_dedicated(
            &setup.key,
            &setup.template_id,
            json!({"send_to": {"email": "nobody@example.com"}}),
        )
        .await;

    deliver_until(&setup.app, || async {
        !accepted_of_type(&receiver, "message.failed")
            .await
            .is_empty()
    })
    .await;
    let event = &accepted_of_type(&receiver, "message.failed").await[0];
    assert_eq!(event["data"]["link_id"], link["id"], "{event}");
    assert!(event["data"]["message_id"].is_string(), "{event}");
    assert!(
        !event.to_string().contains("nobody@example.com"),
        "no address: {event}"
    );
}
