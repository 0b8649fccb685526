//! Access on demand: session tokens, one-time access links, access codes, resume
//! policies and the B2B2C resume API, driven over HTTP against the embedded sandbox.

mod access_codes;
mod access_links;
mod at_rest;
mod binary;
mod instances;
mod limits;
mod rescue;
mod rescue_edges;
mod resume_policy;
mod secrets;
mod session_tokens;
mod stale_links;
mod timeline;

use std::time::Duration;

use inquiry_portal::{
    entities::{audit_events, template_connections, tenant_policies, tenants},
    repo::{self, TenantScope},
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{json, Value};

use crate::{
    support::sandbox as sandbox_support,
    support::{
        eventually,
        links::{browser, click_and_continue, query_param},
        TestApp,
    },
};

/// A tenant with the sandbox's demo template connected and an API key.
pub struct Tenant {
    pub tenant: tenants::Model,
    pub template: template_connections::Model,
    pub key: String,
    pub owner_email: String,
}

impl Tenant {
    pub fn scope(&self) -> TenantScope {
        TenantScope::new(self.tenant.id)
    }

    pub fn template_id(&self) -> &str {
        &self.template.provider_template_id
    }
}

pub async fn tenant(app: &TestApp, slug: &str) -> Tenant {
    let owner_email = format!("owner@{slug}.test");
    let (tenant, _) = app.create_tenant(slug, &owner_email).await;
    let template = app.connect_demo_template(&tenant).await;
    let key = app.api_key(&tenant).await;
    Tenant {
        tenant,
        template,
        key,
        owner_email,
    }
}

/// Changes the tenant's policy the way the settings form would store it.
pub async fn set_policy(
    app: &TestApp,
    tenant: &Tenant,
    change: impl FnOnce(&mut tenant_policies::Model),
) {
    let mut policy = repo::policies::get(&app.db.connection, tenant.scope())
        .await
        .unwrap();
    change(&mut policy);
    repo::policies::save(&app.db.connection, tenant.scope(), &policy)
        .await
        .unwrap();
    // As the settings page does: API keys carry the policy in their short cache.
    app.state.forget_api_keys().await;
}

pub async fn issue(app: &TestApp, tenant: &Tenant, extra: Value) -> Value {
    app.issue_dedicated(&tenant.key, tenant.template_id(), extra)
        .await
}

pub fn str_of<'a>(value: &'a Value, name: &str) -> &'a str {
    value[name]
        .as_str()
        .unwrap_or_else(|| panic!("`{name}` missing in {value}"))
}

/// The inquiry's status as the portal knows it.
pub async fn portal_status(app: &TestApp, tenant: &Tenant, inquiry_id: &str) -> String {
    let (_, inquiry) = app
        .api_get(&tenant.key, &format!("/api/v1/inquiries/{inquiry_id}"))
        .await;
    inquiry["status"].as_str().unwrap_or_default().to_owned()
}

/// Waits until the portal knows the inquiry's status is `status` (webhooks are async).
pub async fn wait_for_status(app: &TestApp, tenant: &Tenant, inquiry_id: &str, status: &str) {
    let reached = eventually(Duration::from_secs(20), || async {
        portal_status(app, tenant, inquiry_id).await == status
    })
    .await;
    assert!(
        reached,
        "the portal never saw {inquiry_id} become {status} (it says {})",
        portal_status(app, tenant, inquiry_id).await
    );
}

/// A dedicated link whose inquiry is pending: its browser opened it and started the
/// hosted flow. Returns the link's JSON, the bound browser and the inquiry id.
pub async fn pending_link(
    app: &TestApp,
    tenant: &Tenant,
    extra: Value,
) -> (Value, reqwest::Client, String) {
    let link = issue(app, tenant, extra).await;
    let inquiry_id = str_of(&link, "inquiry_id").to_owned();
    let bound = browser();
    let (status, location) = click_and_continue(&bound, str_of(&link, "url")).await;
    assert_eq!(
        status, 303,
        "the first click goes into the flow: {location}"
    );
    assert_eq!(
        query_param(&location, "inquiry-id").as_deref(),
        Some(inquiry_id.as_str())
    );
    sandbox_support::start_flow(app, &bound, &inquiry_id).await;
    wait_for_status(app, tenant, &inquiry_id, "pending").await;
    (link, bound, inquiry_id)
}

pub async fn sandbox_count(app: &TestApp, name: &str) -> u64 {
    app.sandbox_stats().await[name].as_u64().unwrap_or(0)
}

pub async fn resumes(app: &TestApp) -> u64 {
    sandbox_count(app, "resumes").await
}

/// The inquiry as the sandbox (the provider) has it.
pub async fn at_provider(app: &TestApp, inquiry_id: &str) -> Value {
    sandbox_support::json_of(sandbox_support::get(app, &format!("/inquiries/{inquiry_id}")).await)
        .await
}

/// A tenant API POST that keeps the headers (for `Retry-After`).
pub async fn api_post_full(app: &TestApp, key: &str, path: &str) -> (u16, Option<String>, Value) {
    let response = reqwest::Client::new()
        .post(app.url(path))
        .bearer_auth(key)
        .json(&json!({}))
        .send()
        .await
        .expect("API POST");
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    (
        status,
        retry_after,
        response.json().await.unwrap_or(Value::Null),
    )
}

pub async fn session_token(app: &TestApp, tenant: &Tenant, inquiry_id: &str) -> (u16, Value) {
    app.api_post(
        &tenant.key,
        &format!("/api/v1/inquiries/{inquiry_id}/session-token"),
        &json!({}),
    )
    .await
}

pub async fn access_link(app: &TestApp, tenant: &Tenant, inquiry_id: &str) -> (u16, Value) {
    app.api_post(
        &tenant.key,
        &format!("/api/v1/inquiries/{inquiry_id}/access-link"),
        &json!({}),
    )
    .await
}

/// The tenant's audit events, oldest first.
pub async fn audit_trail(app: &TestApp, tenant: &Tenant) -> Vec<audit_events::Model> {
    audit_events::Entity::find()
        .filter(audit_events::Column::TenantId.eq(tenant.tenant.id))
        .order_by_asc(audit_events::Column::Id)
        .all(&app.db.connection)
        .await
        .unwrap()
}

pub async fn actions(app: &TestApp, tenant: &Tenant) -> Vec<String> {
    audit_trail(app, tenant)
        .await
        .into_iter()
        .map(|event| event.action)
        .collect()
}

/// The JSON error format of the tenant API, with the expected type.
pub fn assert_api_error(body: &Value, kind: &str) {
    assert_eq!(body["error"]["type"], kind, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{body}"
    );
}

/// A logged-in browser for a team member.
pub async fn signed_in(app: &TestApp, email: &str) -> reqwest::Client {
    let http = crate::support::client();
    app.login(&http, email).await;
    http
}

/// POSTs a one-button form of the link page (`/links/{id}/{action}`) with its CSRF token.
pub async fn link_action(
    app: &TestApp,
    member: &reqwest::Client,
    link_id: &str,
    action: &str,
) -> (u16, String) {
    let response = app
        .post_form(
            member,
            &format!("/links/{link_id}"),
            &format!("/links/{link_id}/{action}"),
            &[],
        )
        .await;
    (
        response.status().as_u16(),
        response.text().await.unwrap_or_default(),
    )
}

/// Presses a button of the link page that creates a secret (`session-token`,
/// `access-link`) as a browser does, and follows its redirect to the page that shows the
/// secret once. Returns the POST's status and that page.
pub async fn link_secret_action(
    app: &TestApp,
    member: &reqwest::Client,
    link_id: &str,
    action: &str,
) -> (u16, String) {
    let page = format!("/links/{link_id}");
    let response = app
        .submit_form(member, &page, &format!("{page}/{action}"), &[])
        .await;
    let status = response.status().as_u16();
    if status != 303 {
        return (status, response.text().await.unwrap_or_default());
    }
    (status, app.follow(member, response).await.1)
}

/// The value shown in a `copyable` field labelled `label` on a page.
pub fn copyable_value(html: &str, label: &str) -> Option<String> {
    let start = html.find(&format!(">{label}</span>"))?;
    let rest = &html[start..];
    let marker = "data-copy=\"";
    let value_start = rest.find(marker)? + marker.len();
    let value_end = rest[value_start..].find('"')? + value_start;
    Some(rest[value_start..value_end].replace("&amp;", "&"))
}

/// Opens a hosted-flow URL in `who` the way a browser would: a token in the URL is moved
/// into the flow's cookie by a 303; returns the final status (200 when the flow opens).
pub async fn open_flow(app: &TestApp, who: &reqwest::Client, flow_url: &str) -> u16 {
    let first = who.get(flow_url).send().await.expect("open the flow");
    if first.status() != 303 {
        return first.status().as_u16();
    }
    let next = first.headers()["location"].to_str().unwrap().to_owned();
    let next = if next.starts_with('/') {
        app.url(&next)
    } else {
        next
    };
    who.get(next)
        .send()
        .await
        .expect("follow the flow")
        .status()
        .as_u16()
}
