//! Status test helpers: links and inquiries seeded straight into the database, and webhook
//! deliveries signed like the provider's.

use chrono::{DateTime, Utc};
use inquiry_portal::{
    db::now,
    domain::{random_token, InquiryStatus, LinkKind, ResumeOnClick},
    entities::{inquiries, links, template_connections, tenants},
    repo::{self, TenantScope},
    webhooks::signature_header,
};
use serde_json::json;

use super::TestApp;

pub const WEBHOOK_SECRET: &str = "whsec_test";
pub const CURRENT_VERSION: &str = "itmplv_current0000000001";
pub const OLD_VERSION: &str = "itmplv_previous000000001";

/// A portal that accepts webhooks signed with [`WEBHOOK_SECRET`].
pub async fn spawn_app_with_webhooks() -> TestApp {
    super::spawn_app_with(|s| s.persona_webhook_secret = Some(WEBHOOK_SECRET.into())).await
}

pub async fn seed_template(app: &TestApp, tenant: &tenants::Model) -> template_connections::Model {
    repo::template_connections::insert(
        &app.db.connection,
        TenantScope::new(tenant.id),
        repo::template_connections::NewConnection {
            provider_template_id: &format!("itmpl_{}", random_token(12)),
            name: "Onboarding",
            current_version_id: Some(CURRENT_VERSION),
            default_expires_in_seconds: 7 * 86_400,
            allowed_fields: &[],
        },
    )
    .await
    .expect("insert template connection")
}

/// A link expiring `expires_in` seconds from now.
pub async fn seed_link(
    app: &TestApp,
    tenant: &tenants::Model,
    template: &template_connections::Model,
    kind: LinkKind,
    reference_id: &str,
    expires_in: i64,
) -> links::Model {
    repo::links::insert(
        &app.db.connection,
        TenantScope::new(tenant.id),
        repo::links::NewLink {
            template_connection_id: template.id,
            kind,
            token_hash: &random_token(24),
            token_encrypted: "not-used-by-status-tests",
            reference_id: Some(reference_id),
            prefill_encrypted: None,
            resume_on_click: ResumeOnClick::SameBrowser,
            access_code_hash: None,
            expires_at: now() + expires_in,
            active_from: None,
            max_inquiries: None,
            always_new: false,
            language: None,
            created_by: "system:test",
        },
    )
    .await
    .expect("insert link")
}

/// An inquiry on `link` (made its current one) in `status`, pinned to `version`.
pub async fn seed_inquiry(
    app: &TestApp,
    tenant: &tenants::Model,
    link: Option<&links::Model>,
    status: InquiryStatus,
    version: &str,
) -> inquiries::Model {
    let provider_id = new_inquiry_id();
    seed_inquiry_with_id(app, tenant, link, status, version, &provider_id).await
}

/// A fresh provider inquiry id (`inq_…`).
pub fn new_inquiry_id() -> String {
    format!("inq_{}", random_token(18))
}

pub async fn seed_inquiry_with_id(
    app: &TestApp,
    tenant: &tenants::Model,
    link: Option<&links::Model>,
    status: InquiryStatus,
    version: &str,
    provider_id: &str,
) -> inquiries::Model {
    let inquiry = repo::inquiries::insert(
        &app.db.connection,
        TenantScope::new(tenant.id),
        repo::inquiries::NewInquiry {
            link_id: link.map(|l| l.id),
            provider_inquiry_id: provider_id,
            reference_id: link.and_then(|l| l.reference_id.as_deref()),
            template_version_id: Some(version),
            status,
            expires_at: Some(now() + 86_400),
            session_token_encrypted: None,
            session_token_expires_at: None,
        },
    )
    .await
    .expect("insert inquiry");
    if let Some(link) = link {
        repo::links::set_current_inquiry(&app.db.connection, link.id, inquiry.id)
            .await
            .expect("set current inquiry");
    }
    inquiry
}

/// A Persona-shaped event body about `inquiry` (with PII in its payload, as real ones have).
pub fn event_body(event_id: &str, name: &str, inquiry: &str, at: DateTime<Utc>) -> String {
    let status = name.trim_start_matches("inquiry.").replace('-', "_");
    json!({"data": {"type": "event", "id": event_id, "attributes": {
        "name": name,
        "created-at": at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "payload": {"data": {"type": "inquiry", "id": inquiry, "attributes": {
            "status": status, "reference-id": "ref-1", "name-first": "Ana", "name-last": "Pereira",
            "email-address": "ana@example.test", "expires-at": null
        }}}
    }}})
    .to_string()
}

pub fn sign(secret: &str, body: &str) -> String {
    signature_header(secret, now(), body.as_bytes())
}

/// POSTs a body with the given `Persona-Signature` (none when `None`).
pub async fn deliver(app: &TestApp, body: &str, signature: Option<&str>) -> reqwest::Response {
    let mut request = reqwest::Client::new()
        .post(app.url("/webhooks/persona"))
        .header("content-type", "application/json")
        .body(body.to_owned());
    if let Some(signature) = signature {
        request = request.header("persona-signature", signature);
    }
    request.send().await.expect("POST /webhooks/persona")
}

/// Delivers an event signed with [`WEBHOOK_SECRET`] and expects a 2xx.
pub async fn deliver_signed(app: &TestApp, body: &str) -> reqwest::Response {
    let response = deliver(app, body, Some(&sign(WEBHOOK_SECRET, body))).await;
    assert!(
        response.status().is_success(),
        "webhook answered {}",
        response.status()
    );
    response
}

pub async fn reload_inquiry(app: &TestApp, inquiry: &inquiries::Model) -> inquiries::Model {
    repo::inquiries::find_by_id(
        &app.db.connection,
        TenantScope::new(inquiry.tenant_id),
        inquiry.id,
    )
    .await
    .expect("query")
    .expect("inquiry exists")
}

pub async fn reload_link(app: &TestApp, link: &links::Model) -> links::Model {
    repo::links::find(
        &app.db.connection,
        TenantScope::new(link.tenant_id),
        &link.public_id,
    )
    .await
    .expect("query")
    .expect("link exists")
}
