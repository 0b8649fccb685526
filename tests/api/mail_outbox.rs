//! The outbox without SMTP: messages wait, the operator reads them at `/operator/outbox`,
//! a tenant's users read theirs at `/sandbox/mailbox`; `POST /api/v1/links/{id}/send`.

use inquiry_portal::domain::{MessageKind, MessageState, Role};
use serde_json::json;

use crate::{
    mail::outbox_rows,
    support::{client, spawn_app, TestApp},
};

async fn issue(app: &TestApp, key: &str, template: &str, extra: serde_json::Value) -> String {
    let link = app.issue_dedicated(key, template, extra).await;
    link["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn without_smtp_a_message_waits_in_the_outbox_where_the_operator_reads_it() {
    let app = spawn_app().await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let template = app
        .connect_demo_template(&tenant)
        .await
        .provider_template_id;
    let key = app.api_key(&tenant).await;
    let link = app
        .issue_dedicated(
            &key,
            &template,
            json!({"send_to": {"email": "ada@example.com"}}),
        )
        .await;
    let url = link["url"].as_str().unwrap();
    let rows = outbox_rows(&app).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].state, MessageState::Queued);
    assert_eq!(rows[0].kind, MessageKind::Link);
    assert!(
        !rows[0].payload_encrypted.contains("example.com")
            && !rows[0].payload_encrypted.contains(url),
        "the address and the link are stored encrypted"
    );

    app.create_operator("ops@portal.test").await;
    let operator = client();
    app.login(&operator, "ops@portal.test").await;
    let list = operator
        .get(app.url("/operator/outbox"))
        .send()
        .await
        .unwrap();
    assert_eq!(list.status(), 200);
    let list = list.text().await.unwrap();
    assert!(list.contains("a•••@example.com"), "{list}");
    assert!(
        list.contains("Tenant acme asks you to verify your identity"),
        "{list}"
    );
    assert!(list.contains("queued"), "{list}");
    assert!(!list.contains(url), "the list shows no link");

    let page = operator
        .get(app.url(&format!("/operator/outbox/{}", rows[0].public_id)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(&format!("href=\"{url}\"")),
        "the link is clickable: {page}"
    );
    assert!(page.contains("ada@example.com"), "{page}");
    assert!(
        page.contains("<iframe") && page.contains("sandbox=\"\""),
        "{page}"
    );
    assert!(
        page.contains("srcdoc=\"&lt;!DOCTYPE html&gt;"),
        "the HTML part is escaped into srcdoc: {page}"
    );

    let owner = client();
    app.login(&owner, "owner@acme.test").await;
    let refused = owner.get(app.url("/operator/outbox")).send().await.unwrap();
    assert_eq!(refused.status(), 403);
}

#[tokio::test]
async fn the_sandbox_mailbox_shows_a_tenant_user_only_their_tenants_messages() {
    let app = spawn_app().await;
    let (acme, _) = app.create_tenant("acme", "owner@acme.test").await;
    let (globex, _) = app.create_tenant("globex", "owner@globex.test").await;
    for (tenant, email) in [(&acme, "ada@example.com"), (&globex, "bob@example.com")] {
        let template = app.connect_demo_template(tenant).await.provider_template_id;
        let key = app.api_key(tenant).await;
        issue(&app, &key, &template, json!({"send_to": {"email": email}})).await;
    }
    let rows = outbox_rows(&app).await;
    let viewer = client();
    app.create_user(&acme, "viewer@acme.test", Role::Viewer)
        .await;
    app.login(&viewer, "viewer@acme.test").await;
    let mailbox = viewer
        .get(app.url("/sandbox/mailbox"))
        .send()
        .await
        .unwrap();
    assert_eq!(mailbox.status(), 200);
    let mailbox = mailbox.text().await.unwrap();
    assert!(mailbox.contains("a•••@example.com"), "{mailbox}");
    assert!(!mailbox.contains("b•••@example.com"), "{mailbox}");
    let other = viewer
        .get(app.url(&format!("/sandbox/mailbox/{}", rows[1].public_id)))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 404, "another tenant's message is not found");
    let anonymous = client()
        .get(app.url("/sandbox/mailbox"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 303, "the mailbox needs a sign-in");
}

#[tokio::test]
async fn send_emails_the_prefilled_address_and_refuses_without_one() {
    let app = spawn_app().await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let template = app
        .connect_demo_template(&tenant)
        .await
        .provider_template_id;
    let key = app.api_key(&tenant).await;
    let prefilled = issue(
        &app,
        &key,
        &template,
        json!({"fields": {"email-address": "Ada@Example.com"}}),
    )
    .await;
    let bare = issue(&app, &key, &template, json!({})).await;

    let (status, body) = app
        .api_post(&key, &format!("/api/v1/links/{prefilled}/send"), &json!({}))
        .await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["to"], "a•••@example.com");
    assert_eq!(body["status"], "queued");
    assert!(body["message_id"].as_str().unwrap().starts_with("msg_"));

    let (status, body) = app
        .api_post(&key, &format!("/api/v1/links/{bare}/send"), &json!({}))
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, _) = app
        .api_post(
            &key,
            &format!("/api/v1/links/{bare}/send"),
            &json!({"email": "not an address"}),
        )
        .await;
    assert_eq!(status, 422);
    let (status, _) = app
        .api_post(
            &key,
            &format!("/api/v1/links/{bare}/send"),
            &json!({"emial": "x@example.com"}),
        )
        .await;
    assert_eq!(status, 400, "an unknown field is a malformed body");
    assert_eq!(outbox_rows(&app).await.len(), 1, "refusals queue nothing");

    let (status, _) = app
        .api_post(
            &key,
            &format!("/api/v1/links/{bare}/send"),
            &json!({"email": "bob@example.com"}),
        )
        .await;
    assert_eq!(status, 202);
    let (status, _) = app
        .api_post(&key, &format!("/api/v1/links/{bare}/revoke"), &json!({}))
        .await;
    assert_eq!(status, 200);
    let (status, _) = app
        .api_post(
            &key,
            &format!("/api/v1/links/{bare}/send"),
            &json!({"email": "bob@example.com"}),
        )
        .await;
    assert_eq!(status, 409, "a revoked link is not sent");
    assert_eq!(outbox_rows(&app).await.len(), 2);

    let (status, _) = app
        .api_post(
            &key,
            "/api/v1/links",
            &json!({"kind": "dedicated", "template_id": template, "send_to": {"email": "nope"}}),
        )
        .await;
    assert_eq!(
        status, 422,
        "a bad send_to address (a well-formed body with a refused value) refuses the whole link"
    );
    assert_eq!(outbox_rows(&app).await.len(), 2);

    let doc: serde_json::Value = reqwest::get(app.url("/api/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        doc["paths"]["/api/v1/links/{id}/send"]["post"].is_object(),
        "documented"
    );
    assert!(doc["components"]["schemas"]["SendToBody"].is_object());
}

#[tokio::test]
async fn the_link_page_shows_each_message_and_its_delivery_state() {
    let app = spawn_app().await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let template = app
        .connect_demo_template(&tenant)
        .await
        .provider_template_id;
    let key = app.api_key(&tenant).await;
    let id = issue(
        &app,
        &key,
        &template,
        json!({"send_to": {"email": "ada@example.com"}}),
    )
    .await;
    let owner = client();
    app.login(&owner, "owner@acme.test").await;
    let page = owner
        .get(app.url(&format!("/links/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Messages"), "{page}");
    assert!(page.contains("a•••@example.com"), "{page}");
    assert!(page.contains("badge-warning\">queued"), "{page}");
    assert!(
        !page.contains("ada@example.com"),
        "only the masked address: {page}"
    );
}

#[tokio::test]
async fn an_access_link_from_the_api_can_be_emailed_with_it() {
    let app = spawn_app().await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let template = app
        .connect_demo_template(&tenant)
        .await
        .provider_template_id;
    let key = app.api_key(&tenant).await;
    let link = app.issue_dedicated(&key, &template, json!({})).await;
    let path = format!(
        "/api/v1/inquiries/{}/access-link",
        link["inquiry_id"].as_str().unwrap()
    );

    let (status, _) = app
        .api_post(&key, &path, &json!({"send_to": {"email": "nope"}}))
        .await;
    assert_eq!(status, 422, "a bad address mints nothing");
    assert_eq!(app.count_rows("access_links").await, 0);
    let (status, minted) = app
        .api_post(
            &key,
            &path,
            &json!({"send_to": {"email": "ada@example.com"}}),
        )
        .await;
    assert_eq!(status, 201, "{minted}");
    let rows = outbox_rows(&app).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].kind, MessageKind::AccessLink);
    assert_eq!(
        rows[0].subject,
        "Your link to continue verifying your identity for Tenant acme"
    );
    let opened = inquiry_portal::notifications::outbox::open(&app.state, rows[0].clone()).unwrap();
    assert!(
        opened.text.contains(minted["url"].as_str().unwrap()),
        "{}",
        opened.text
    );
    let (status, _) = app.api_post(&key, &path, &json!({})).await;
    assert_eq!(status, 201, "without send_to, nothing is emailed");
    assert_eq!(outbox_rows(&app).await.len(), 1);
}
