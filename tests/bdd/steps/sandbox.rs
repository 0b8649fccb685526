//! The provider's side: the embedded sandbox, driven and inspected through its own API
//! (as Persona's would be), its operator page, and the webhooks it sends the portal.

use std::time::Duration;

use cucumber::{given, then, when};
use inquiry_portal::{
    config::ProviderKind,
    sandbox::entities::{inquiries as sandbox_inquiries, webhook_events as sandbox_webhook_events},
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{json, Value};

use crate::{
    support::{
        eventually,
        sandbox::{self, create_inquiry, demo, inquiry_id, json_of, post_empty, status_of},
    },
    world::PortalWorld,
};

const END_USER: &str = "the end user";

/// The provider's id of the inquiry a link loads now.
pub async fn inquiry_of_link(world: &mut PortalWorld, link: &str) -> String {
    let id = world.link(link)["id"].as_str().expect("link id").to_owned();
    let slug = world.links[link]["tenant"]
        .as_str()
        .expect("tenant")
        .to_owned();
    let key = world.api_key(&slug).await;
    let (status, body) = world
        .app()
        .await
        .api_get(&key, &format!("/api/v1/links/{id}"))
        .await;
    assert_eq!(status, 200, "{body}");
    body["inquiry_id"]
        .as_str()
        .unwrap_or_else(|| panic!("{link} has no inquiry: {body}"))
        .to_owned()
}

/// The inquiry as the provider's API shows it.
pub async fn provider_inquiry(world: &mut PortalWorld, inquiry: &str) -> Value {
    let app = world.app().await;
    let response = sandbox::get(app, &format!("/inquiries/{inquiry}")).await;
    assert_eq!(response.status(), 200, "the provider knows {inquiry}");
    json_of(response).await
}

async fn inquiries_with_reference(world: &mut PortalWorld, reference: &str) -> usize {
    let app = world.app().await;
    let listed = json_of(
        sandbox::get(
            app,
            &format!("/inquiries?filter[reference-id]={reference}&page[size]=100"),
        )
        .await,
    )
    .await;
    listed["data"].as_array().expect("a list").len()
}

#[given("the portal runs with the sandbox provider")]
async fn the_portal_runs_with_the_sandbox(world: &mut PortalWorld) {
    let app = world.app().await;
    assert_eq!(app.settings.provider, ProviderKind::Sandbox);
    let templates = sandbox::get(app, "/inquiry-templates").await;
    assert_eq!(templates.status(), 200, "the sandbox API answers");
}

#[given("the sandbox has the demo template")]
async fn the_sandbox_has_the_demo_template(world: &mut PortalWorld) {
    let template = demo(world.app().await).await;
    world.sandbox_template = Some(template.template_id);
}

#[given(
    expr = "a sandbox inquiry created through the API with reference id {string}, first name {string} and redirect URI {string}"
)]
async fn a_sandbox_inquiry(
    world: &mut PortalWorld,
    reference: String,
    first_name: String,
    redirect_uri: String,
) {
    let document = create_inquiry(
        world.app().await,
        json!({
            "reference-id": reference,
            "fields": {"name-first": first_name},
            "redirect-uri": redirect_uri,
        }),
        json!({}),
    )
    .await;
    assert_eq!(document["data"]["attributes"]["status"], "created");
    world.sandbox_inquiry = Some(inquiry_id(&document));
}

fn flow_path(world: &PortalWorld, token: Option<&str>) -> String {
    let inquiry = world.sandbox_inquiry.clone().expect("a sandbox inquiry");
    let mut pairs = vec![("inquiry-id", inquiry.as_str())];
    pairs.extend(token.map(|token| ("session-token", token)));
    let query = serde_urlencoded::to_string(pairs).expect("query");
    format!("/sandbox/verify?{query}")
}

#[when("the end user opens the hosted flow with the inquiry id")]
async fn the_end_user_opens_the_flow(world: &mut PortalWorld) {
    let path = flow_path(world, None);
    world.device(END_USER).await.open(&path).await;
}

#[given("the end user has opened the hosted flow with the inquiry id and confirmed their details")]
async fn the_end_user_has_started(world: &mut PortalWorld) {
    let path = flow_path(world, None);
    let device = world.device(END_USER).await;
    device.open(&path).await;
    let form = device
        .page
        .form_with_button("Start verification")
        .expect("the details step");
    let page = device.submit(&form, None, &[]).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.heading().as_deref(), Some("Verify your document"));
}

/// A browser started anew: a new browser session, so only its persistent cookies remain.
#[when("the end user opens the hosted flow with the inquiry id in a new browser")]
async fn the_end_user_opens_the_flow_in_a_new_browser(world: &mut PortalWorld) {
    let path = flow_path(world, None);
    let device = world.device(END_USER).await;
    assert!(
        device.page.url.is_empty(),
        "the browser was closed before it started again"
    );
    device.open(&path).await;
}

#[when("a session token is obtained from the sandbox's resume endpoint")]
async fn a_session_token_from_resume(world: &mut PortalWorld) {
    let inquiry = world.sandbox_inquiry.clone().expect("a sandbox inquiry");
    let response = post_empty(world.app().await, &format!("/inquiries/{inquiry}/resume")).await;
    assert_eq!(response.status(), 200, "the resume endpoint answers");
    let resumed = json_of(response).await;
    let token = resumed["meta"]["session-token"]
        .as_str()
        .expect("a session token in meta")
        .to_owned();
    world.session_tokens.push(token);
}

#[when("the end user opens the hosted flow with the inquiry id and that session token")]
async fn the_end_user_opens_the_flow_with_the_token(world: &mut PortalWorld) {
    let token = world
        .session_tokens
        .last()
        .cloned()
        .expect("a session token");
    let path = flow_path(world, Some(&token));
    let page = world.device(END_USER).await.open(&path).await;
    assert!(
        !page.url.contains(&token),
        "the token leaves the address bar"
    );
}

#[then(expr = "the sandbox inquiry status is {string}")]
async fn the_sandbox_inquiry_status_is(world: &mut PortalWorld, status: String) {
    let inquiry = world.sandbox_inquiry.clone().expect("a sandbox inquiry");
    assert_eq!(status_of(world.app().await, &inquiry).await, status);
}

#[then(expr = "the sandbox sends the webhooks {string}, {string} and {string}")]
async fn the_sandbox_sends_the_webhooks(
    world: &mut PortalWorld,
    first: String,
    second: String,
    third: String,
) {
    let inquiry = world.sandbox_inquiry.clone().expect("a sandbox inquiry");
    let db = world.app().await.db.connection.clone();
    let internal = sandbox_inquiries::Entity::find()
        .filter(sandbox_inquiries::Column::PublicId.eq(inquiry.as_str()))
        .one(&db)
        .await
        .expect("query")
        .expect("the sandbox holds the inquiry")
        .id;
    let expected = [first, second, third];
    let delivered = || async {
        let events = sandbox_webhook_events::Entity::find()
            .filter(sandbox_webhook_events::Column::InquiryId.eq(internal))
            .order_by_asc(sandbox_webhook_events::Column::Id)
            .all(&db)
            .await
            .expect("query");
        events.iter().all(|event| event.status == "delivered")
            && events.iter().map(|event| &event.name).eq(expected.iter())
    };
    assert!(
        eventually(Duration::from_secs(15), delivered).await,
        "the portal did not accept {expected:?}, in order, for {inquiry}"
    );
}

#[when(expr = "the provider expires the inquiry of {string}")]
async fn the_provider_expires(world: &mut PortalWorld, link: String) {
    let inquiry = inquiry_of_link(world, &link).await;
    let response = post_empty(world.app().await, &format!("/inquiries/{inquiry}/expire")).await;
    assert_eq!(response.status(), 200, "the provider expires {inquiry}");
}

#[then(expr = "the provider has the inquiry of {string} as {string}")]
async fn the_provider_has_the_inquiry_as(world: &mut PortalWorld, link: String, status: String) {
    let inquiry = inquiry_of_link(world, &link).await;
    assert_eq!(status_of(world.app().await, &inquiry).await, status);
}

#[then(expr = "the provider holds the inquiry of {string} under the reference id {string}")]
async fn the_provider_holds_the_inquiry(world: &mut PortalWorld, link: String, reference: String) {
    let inquiry = inquiry_of_link(world, &link).await;
    let document = provider_inquiry(world, &inquiry).await;
    assert_eq!(
        document["data"]["attributes"]["reference-id"],
        json!(reference)
    );
}

#[then(expr = "the provider groups {int} inquiry/inquiries under the reference id {string}")]
async fn the_provider_groups(world: &mut PortalWorld, count: usize, reference: String) {
    assert_eq!(inquiries_with_reference(world, &reference).await, count);
}

#[then(expr = "the provider groups {int} inquiry/inquiries under the reference id of {string}")]
async fn the_provider_groups_under_the_links_reference(
    world: &mut PortalWorld,
    count: usize,
    link: String,
) {
    let reference = world.link(&link)["reference_id"]
        .as_str()
        .expect("a reference id")
        .to_owned();
    assert_eq!(inquiries_with_reference(world, &reference).await, count);
}

#[then(expr = "the provider has created {int} inquiry/inquiries")]
async fn the_provider_has_created(world: &mut PortalWorld, count: u64) {
    let stats = world.app().await.sandbox_stats().await;
    assert_eq!(stats["inquiries_created"], json!(count), "{stats}");
}

#[then(expr = "the provider was asked for {int} resume(s)")]
async fn the_provider_was_asked_for_resumes(world: &mut PortalWorld, count: u64) {
    let stats = world.app().await.sandbox_stats().await;
    assert_eq!(stats["resumes"], json!(count), "{stats}");
}

#[when(expr = "{string} publishes a new version of the demo template in the sandbox")]
async fn publishes_a_new_version(world: &mut PortalWorld, operator: String) {
    let client = world.signed_in_client(&operator).await;
    let app = world.app().await;
    let template = demo(app).await;
    let response = sandbox::publish_new_version(app, &client, &template.template_id).await;
    assert_eq!(response.status(), 303, "the version is published");
    assert_ne!(
        demo(app).await.version_id,
        template.version_id,
        "a new version is the latest"
    );
}
