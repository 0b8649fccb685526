//! Links: a tenant's backend issues and revokes them through the tenant API, and people
//! follow them in their browsers (over HTTP).

use std::time::Duration;

use cucumber::{given, then, when};
use serde_json::{json, Value};

use crate::world::PortalWorld;

#[given(expr = "the sandbox's demo template is connected to {string}")]
async fn the_demo_template_is_connected(world: &mut PortalWorld, slug: String) {
    let app = world.app().await;
    let tenant = inquiry_portal::repo::tenants::find_by_slug(&app.db.connection, &slug)
        .await
        .expect("query")
        .unwrap_or_else(|| panic!("no tenant {slug}"));
    let connection = app.connect_demo_template(&tenant).await;
    world.sandbox_template = Some(connection.provider_template_id);
}

/// Issues a link through the tenant API and remembers it (with its tenant) as `name`.
async fn issue(world: &mut PortalWorld, slug: &str, name: &str, body: Value) -> Value {
    let key = world.api_key(slug).await;
    let template = world
        .sandbox_template
        .clone()
        .expect("a connected template");
    let mut request = json!({"template_id": template});
    for (field, value) in body.as_object().expect("an object") {
        request[field] = value.clone();
    }
    let (status, mut link) = world
        .app()
        .await
        .api_post(&key, "/api/v1/links", &request)
        .await;
    assert_eq!(status, 201, "issuing {name}: {link}");
    if let Some(token) = link["session_token"].as_str() {
        world.session_tokens.push(token.to_owned());
    }
    link["tenant"] = json!(slug);
    world.links.insert(name.to_owned(), link.clone());
    link
}

fn dedicated(reference: &str, first_name: &str) -> Value {
    json!({"kind": "dedicated", "reference_id": reference, "fields": {"name-first": first_name}})
}

#[given(expr = "the backend of {string} issues a dedicated link {string} for first name {string}")]
#[when(expr = "the backend of {string} issues a dedicated link {string} for first name {string}")]
async fn issues_a_dedicated_link(
    world: &mut PortalWorld,
    slug: String,
    name: String,
    first: String,
) {
    let link = issue(world, &slug, &name, dedicated(&name, &first)).await;
    assert!(link["inquiry_id"]
        .as_str()
        .is_some_and(|id| id.starts_with("inq_")));
    assert!(link.get("session_token").is_none() && link.get("access_code").is_none());
}

/// An access code (shown once) or a session token, both handed out with the link.
#[given(
    regex = r#"^the backend of "([^"]*)" issues a dedicated link "([^"]*)" for first name "([^"]*)" with (an access code|a session token)$"#
)]
async fn issues_a_link_with_a_secret(
    world: &mut PortalWorld,
    slug: String,
    name: String,
    first: String,
    secret: String,
) {
    let (asked, answered) = match secret.as_str() {
        "an access code" => ("access_code", "access_code"),
        _ => ("issue_session_token", "session_token"),
    };
    let mut body = dedicated(&name, &first);
    body[asked] = json!(true);
    let link = issue(world, &slug, &name, body).await;
    assert!(link["inquiry_id"].as_str().is_some(), "{link}");
    assert!(link[answered].as_str().is_some(), "{link}");
}

#[given(
    expr = "the backend of {string} issues a dedicated link {string} that expires after {int} second(s)"
)]
async fn issues_a_short_lived_link(
    world: &mut PortalWorld,
    slug: String,
    name: String,
    seconds: i64,
) {
    let mut body = dedicated(&name, "Ana");
    body["expires_in_seconds"] = json!(seconds);
    issue(world, &slug, &name, body).await;
}

#[given(expr = "the backend of {string} issues a static link with reference id {string}")]
#[when(expr = "the backend of {string} issues a static link with reference id {string}")]
async fn issues_a_static_link(world: &mut PortalWorld, slug: String, reference: String) {
    let body = json!({"kind": "static", "reference_id": reference});
    let link = issue(world, &slug, &reference, body).await;
    assert!(link.get("inquiry_id").is_none_or(Value::is_null), "{link}");
}

#[when(
    expr = "the backend of {string} issues a static link {string} with a generated reference id"
)]
async fn issues_a_static_link_with_a_generated_reference(
    world: &mut PortalWorld,
    slug: String,
    name: String,
) {
    let body = json!({"kind": "static", "generate_reference_id": true});
    issue(world, &slug, &name, body).await;
}

#[given(expr = "the backend of {string} issues a static link {string} capped at {int} inquiries")]
async fn issues_a_capped_static_link(
    world: &mut PortalWorld,
    slug: String,
    name: String,
    cap: i64,
) {
    let body = json!({"kind": "static", "max_inquiries": cap});
    issue(world, &slug, &name, body).await;
}

#[when(expr = "the backend of {string} revokes the link {string}")]
async fn revokes_the_link(world: &mut PortalWorld, slug: String, name: String) {
    let key = world.api_key(&slug).await;
    let id = world.link(&name)["id"].as_str().expect("id").to_owned();
    let (status, link) = world
        .app()
        .await
        .api_post(&key, &format!("/api/v1/links/{id}/revoke"), &json!({}))
        .await;
    assert_eq!(status, 200, "{link}");
    assert_eq!(link["status"], "revoked");
}

fn url_of(world: &PortalWorld, name: &str) -> String {
    world.link(name)["url"].as_str().expect("a URL").to_owned()
}

/// Following a link is the person's whole action: opening it and, on first contact,
/// pressing Continue on the page it shows (DESIGN 13.1).
#[given(expr = "{string} follows the link {string}")]
#[when(expr = "{string} follows the link {string}")]
async fn follows_the_link(world: &mut PortalWorld, person: String, name: String) {
    let url = url_of(world, &name);
    world.device(&person).await.follow(&url).await;
}

/// The same as following it the first time: said so for the reader.
#[when(expr = "{string} follows the link {string} again")]
async fn follows_the_link_again(world: &mut PortalWorld, person: String, name: String) {
    follows_the_link(world, person, name).await;
}

#[when(expr = "{string} follows the link {string} until it has expired")]
async fn follows_until_expired(world: &mut PortalWorld, person: String, name: String) {
    let url = url_of(world, &name);
    let device = world.device(&person).await;
    let expired = device
        .open_until(&url, Duration::from_secs(10), |page| page.status == 410)
        .await;
    assert!(expired, "the link did not expire: {}", device.page.body);
}

#[then(expr = "{string} and {string} are in different inquiries")]
async fn are_in_different_inquiries(world: &mut PortalWorld, first: String, second: String) {
    let first = world
        .device(&first)
        .await
        .page
        .inquiry_id()
        .expect("in a flow");
    let second = world
        .device(&second)
        .await
        .page
        .inquiry_id()
        .expect("in a flow");
    assert!(first.starts_with("inq_") && second.starts_with("inq_"));
    assert_ne!(first, second);
}

#[then(expr = "{string} is still in their first inquiry")]
async fn is_still_in_their_first_inquiry(world: &mut PortalWorld, person: String) {
    let device = world.device(&person).await;
    let first = device.inquiries.first().expect("an inquiry").clone();
    assert!(device.inquiries.len() >= 2, "they came back");
    assert!(
        device.inquiries.iter().all(|inquiry| *inquiry == first),
        "{:?}",
        device.inquiries
    );
}

#[then(expr = "the link {string} has an opaque reference id that its URL does not reveal")]
async fn has_an_opaque_reference(world: &mut PortalWorld, name: String) {
    let link = world.link(&name);
    let reference = link["reference_id"].as_str().expect("a reference id");
    let opaque = regex::Regex::new(r"^ref_[A-Za-z0-9_-]{16,}$").expect("regex");
    assert!(opaque.is_match(reference), "{reference} is not opaque");
    let url = link["url"].as_str().expect("a URL");
    assert!(!url.contains(reference), "{url} reveals {reference}");
    assert!(!url.contains("session"), "{url}");
}
