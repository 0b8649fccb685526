//! Bulk issuing from a CSV file (issue #17): the preview, issuing exactly once, the result.

mod issuing;
mod preview;

use inquiry_portal::{entities::tenants, repo::template_connections::NewConnection};

use crate::support::{client, spawn_app, TestApp};

/// An app with tenant `acme`, its owner signed in on the returned client, and the demo
/// template (which allows every prefill field) connected.
async fn owner_with_template() -> (TestApp, reqwest::Client, String) {
    let (app, http, template, _) = owner_tenant_and_template().await;
    (app, http, template)
}

async fn owner_tenant_and_template() -> (TestApp, reqwest::Client, String, tenants::Model) {
    let app = spawn_app().await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let template = app.connect_demo_template(&tenant).await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    (app, http, template.provider_template_id, tenant)
}

/// Connects a template that allows only `fields` (never called at the provider here).
async fn connect_template_allowing(
    app: &TestApp,
    tenant: &tenants::Model,
    template_id: &str,
    fields: &[&str],
) -> String {
    let fields: Vec<String> = fields.iter().map(|f| (*f).to_owned()).collect();
    inquiry_portal::templates::insert_connection(
        &app.db,
        tenant,
        "system:test",
        NewConnection {
            provider_template_id: template_id,
            name: "Name only",
            current_version_id: None,
            default_expires_in_seconds: 3600,
            allowed_fields: &fields,
        },
    )
    .await
    .expect("connect a template");
    template_id.to_owned()
}

async fn inquiries_created(app: &TestApp) -> u64 {
    app.sandbox_stats().await["inquiries_created"]
        .as_u64()
        .unwrap_or(0)
}
