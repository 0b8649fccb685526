//! Status steps: links and inquiries seeded in the database, provider webhooks signed like
//! Persona's, and what the tenant then sees on the dashboard and in the audit trail.

use chrono::{Duration, Utc};
use cucumber::{given, then, when};
use inquiry_portal::{
    domain::{InquiryStatus, LinkKind},
    repo::{self, TenantScope},
};

use crate::{
    support::status::{
        deliver_signed, event_body, reload_inquiry, seed_inquiry, seed_link, seed_template,
        CURRENT_VERSION,
    },
    world::PortalWorld,
};

/// The status a step names by its stored name (`needs_review`).
fn status_named(name: &str) -> InquiryStatus {
    InquiryStatus::from_stored(name).unwrap_or_else(|| panic!("no inquiry status `{name}`"))
}

fn event_name(status: &str) -> String {
    match status {
        "pending" => "inquiry.started".into(),
        "needs_review" => "inquiry.marked-for-review".into(),
        other => format!("inquiry.{other}"),
    }
}

#[given(expr = "a dedicated link {string} of {string} whose inquiry is {string}")]
async fn a_dedicated_link(
    world: &mut PortalWorld,
    reference: String,
    slug: String,
    status: String,
) {
    let app = world.app().await;
    let tenant = repo::tenants::find_by_slug(&app.db.connection, &slug)
        .await
        .expect("query")
        .expect("tenant exists");
    let template = seed_template(app, &tenant).await;
    let link = seed_link(
        app,
        &tenant,
        &template,
        LinkKind::Dedicated,
        &reference,
        86_400,
    )
    .await;
    let inquiry = seed_inquiry(
        app,
        &tenant,
        Some(&link),
        status_named(&status),
        CURRENT_VERSION,
    )
    .await;
    world.inquiries.insert(reference, inquiry);
}

async fn report(world: &mut PortalWorld, reference: &str, status: &str, at: chrono::DateTime<Utc>) {
    let inquiry = world.inquiries[reference].provider_inquiry_id.clone();
    world.webhooks_sent += 1;
    let body = event_body(
        &format!("evt_bdd_{}", world.webhooks_sent),
        &event_name(status),
        &inquiry,
        at,
    );
    deliver_signed(world.app().await, &body).await;
    world.last_webhook = Some(body);
}

#[when(expr = "the provider reports that the inquiry of {string} is {string}")]
async fn the_provider_reports(world: &mut PortalWorld, reference: String, status: String) {
    report(world, &reference, &status, Utc::now()).await;
}

#[when(expr = "the provider reports, late, that the inquiry of {string} was {string} a minute ago")]
async fn the_provider_reports_late(world: &mut PortalWorld, reference: String, status: String) {
    report(
        world,
        &reference,
        &status,
        Utc::now() - Duration::minutes(1),
    )
    .await;
}

#[when("the provider repeats its last report")]
async fn the_provider_repeats(world: &mut PortalWorld) {
    let body = world
        .last_webhook
        .clone()
        .expect("a report was sent before");
    deliver_signed(world.app().await, &body).await;
}

async fn page_of_actor(world: &mut PortalWorld, path: &str) -> String {
    let (_, client) = world.current();
    let url = world.app().await.url(path);
    let response = client.get(url).send().await.expect("GET");
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.expect("body")
}

#[then(expr = "the dashboard shows {int} {string} inquiry")]
async fn the_dashboard_shows(world: &mut PortalWorld, count: u64, status: String) {
    let html = page_of_actor(world, "/").await;
    let card = regex::Regex::new(&format!(
        r#">{status}</span></p><p class="stat-value">(\d+)</p>"#
    ))
    .expect("regex");
    let shown = card
        .captures(&html)
        .and_then(|c| c[1].parse::<u64>().ok())
        .unwrap_or_else(|| panic!("no {status} card on the dashboard"));
    assert_eq!(shown, count);
}

#[then(expr = "the audit trail shows the inquiry of {string} going from {string} to {string}")]
async fn the_audit_trail_shows(
    world: &mut PortalWorld,
    reference: String,
    from: String,
    to: String,
) {
    let inquiry = world.inquiries[&reference].clone();
    let app = world.app().await;
    let link = repo::inquiry_status::find_link(
        &app.db.connection,
        TenantScope::new(inquiry.tenant_id),
        inquiry.link_id.expect("a dedicated link"),
    )
    .await
    .expect("query")
    .expect("link");
    let html = page_of_actor(world, &format!("/audit?link={}", link.public_id)).await;
    assert!(
        html.contains("Inquiry status changed"),
        "no status change in the trail"
    );
    assert!(html.contains(&format!("{from} → {to}")), "no {from} → {to}");
    assert!(html.contains("Provider webhook"));
}

#[then(expr = "the inquiry of {string} is {string}")]
async fn the_inquiry_is(world: &mut PortalWorld, reference: String, status: String) {
    let inquiry = world.inquiries[&reference].clone();
    let app = world.app().await;
    assert_eq!(
        reload_inquiry(app, &inquiry).await.status,
        status_named(&status)
    );
}

#[then(expr = "the audit trail of {string} has {int} status change(s)")]
async fn the_trail_has_changes(world: &mut PortalWorld, slug: String, count: usize) {
    let app = world.app().await;
    let tenant = repo::tenants::find_by_slug(&app.db.connection, &slug)
        .await
        .expect("query")
        .expect("tenant");
    let changes = repo::audit::search(
        &app.db.connection,
        TenantScope::new(tenant.id),
        &repo::audit::AuditFilter {
            action: Some("inquiry.status_changed".into()),
            ..Default::default()
        },
        None,
        100,
    )
    .await
    .expect("query");
    assert_eq!(changes.len(), count);
}

/// Webhooks from the provider arrive on their own time: wait for this one, with a deadline.
#[given(expr = "the provider has told the portal that the inquiry of {string} is {string}")]
#[when(expr = "the provider has told the portal that the inquiry of {string} is {string}")]
#[then(expr = "the provider has told the portal that the inquiry of {string} is {string}")]
async fn the_provider_has_told_the_portal(world: &mut PortalWorld, link: String, status: String) {
    let inquiry = crate::steps::sandbox::inquiry_of_link(world, &link).await;
    let slug = world.link(&link)["tenant"]
        .as_str()
        .expect("tenant")
        .to_owned();
    let key = world.api_key(&slug).await;
    let app = world.app().await;
    let path = format!("/api/v1/inquiries/{inquiry}");
    let told = crate::support::eventually(std::time::Duration::from_secs(15), || async {
        app.api_get(&key, &path).await.1["status"] == status.as_str()
    })
    .await;
    assert!(told, "the portal never learned that {inquiry} is {status}");
}
