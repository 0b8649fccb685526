//! Links in the field (`features/field_proof_rescue.feature`): an issuer rescuing an
//! expired link from its page, a flood of new visitors from one address on a static link,
//! and a provider slower than the portal's deadline.

use std::time::{Duration, Instant};

use cucumber::{given, then, when};
use futures_util::future::join_all;
use inquiry_portal::{db::now, domain::LinkState, repo};
use serde_json::{json, Value};

use crate::{
    steps::sandbox::inquiry_of_link,
    support::{
        device::Page,
        eventually,
        links::browser,
        visitor::{open_link, Opened},
    },
    world::PortalWorld,
};

/// What "within the deadline" allows for the rest of the request's work.
const SLACK: Duration = Duration::from_millis(1_200);
/// Past the scenario's provider latency (5 s) and then some: by then a slow first attempt
/// has reached the provider, if it ever does.
const LATE_ARRIVAL: Duration = Duration::from_secs(6);

/// The link's id and its tenant's slug, as it was issued.
fn id_and_tenant(world: &PortalWorld, name: &str) -> (String, String) {
    let link = world.link(name);
    (
        link["id"].as_str().expect("id").to_owned(),
        link["tenant"].as_str().expect("tenant").to_owned(),
    )
}

#[given(expr = "the link {string} and its inquiry have expired")]
async fn the_link_and_its_inquiry_have_expired(world: &mut PortalWorld, name: String) {
    let inquiry = inquiry_of_link(world, &name).await;
    let (id, slug) = id_and_tenant(world, &name);
    let key = world.api_key(&slug).await;
    let app = world.app().await;
    // The provider expires the inquiry (its webhook tells the portal) …
    let expired = reqwest::Client::new()
        .post(app.url(&format!("/sandbox/api/v1/inquiries/{inquiry}/expire")))
        .bearer_auth(&app.settings.sandbox_api_key)
        .send()
        .await
        .expect("expire at the sandbox");
    assert_eq!(expired.status(), 200);
    let known = eventually(Duration::from_secs(20), || async {
        let (_, body) = app
            .api_get(&key, &format!("/api/v1/inquiries/{inquiry}"))
            .await;
        body["status"] == "expired"
    })
    .await;
    assert!(known, "the portal never learned that {inquiry} expired");
    // … and the link's time passes, as the expiry job marks it.
    let tenant = repo::tenants::find_by_slug(&app.db.connection, &slug)
        .await
        .expect("query")
        .expect("tenant");
    let scope = repo::TenantScope::new(tenant.id);
    let link = repo::links::find(&app.db.connection, scope, &id)
        .await
        .expect("query")
        .expect("link");
    repo::links::set_expiry(
        &app.db.connection,
        scope,
        link.id,
        now() - 60,
        LinkState::Expired,
    )
    .await
    .expect("expire the link");
    app.state.forget_link(&link).await;
}

#[when(expr = "{string} extends the expired link {string} from its page")]
async fn extends_from_its_page(world: &mut PortalWorld, issuer: String, name: String) {
    let (id, _) = id_and_tenant(world, &name);
    let client = world.signed_in_client(&issuer).await;
    world.actor = Some(issuer);
    let app = world.app().await;
    let response = client
        .get(app.url(&format!("/links/{id}")))
        .send()
        .await
        .expect("the link page");
    let page = Page {
        status: response.status().as_u16(),
        body: response.text().await.expect("body"),
        ..Page::default()
    };
    assert!(
        page.text().contains("This link has expired"),
        "the page offers the rescue: {}",
        page.body
    );
    let form = page
        .form_with_button("Extend")
        .unwrap_or_else(|| panic!("no Extend button: {}", page.body));
    // The lifetime is a select, which the page model does not read: pick 24 hours.
    let mut fields = form.fields.clone();
    fields.push(("extend_seconds".into(), "86400".into()));
    let extended = client
        .post(app.url(&form.action))
        .form(&fields)
        .send()
        .await
        .expect("extend");
    assert_eq!(extended.status(), 303, "the link is extended");
}

#[then(expr = "the link page of {string} says {string}")]
async fn the_link_page_says(world: &mut PortalWorld, name: String, text: String) {
    let (id, _) = id_and_tenant(world, &name);
    let (_, client) = world.current();
    let app = world.app().await;
    let body = client
        .get(app.url(&format!("/links/{id}")))
        .send()
        .await
        .expect("the link page")
        .text()
        .await
        .expect("body");
    let page = Page {
        body,
        ..Page::default()
    };
    assert!(page.text().contains(&text), "{}", page.body);
}

#[when(expr = "{int} new visitors from one address open the link {string} at once")]
async fn visitors_at_once(world: &mut PortalWorld, count: usize, name: String) {
    let url = world.link(&name)["url"].as_str().expect("url").to_owned();
    let browsers: Vec<reqwest::Client> = (0..count).map(|_| browser()).collect();
    let opened: Vec<Opened> = join_all(browsers.iter().map(|b| open_link(b, &url))).await;
    let summary: Vec<Value> = opened
        .iter()
        .map(|o| json!({"status": o.status, "retry_after": o.retry_after, "inquiry": o.inquiry_id()}))
        .collect();
    world.api_answer = Some((0, Value::Array(summary)));
}

fn visits(world: &PortalWorld) -> Vec<Value> {
    world
        .api_answer
        .as_ref()
        .and_then(|(_, answer)| answer.as_array().cloned())
        .expect("visitors opened the link")
}

#[then(expr = "{int} of them are sent into an inquiry of their own")]
async fn sent_into_their_own(world: &mut PortalWorld, count: usize) {
    let visits = visits(world);
    // Each new visitor pressed Continue, which sends them on with a 303.
    let mut inquiries: Vec<&str> = visits
        .iter()
        .filter(|v| v["status"] == 303)
        .filter_map(|v| v["inquiry"].as_str())
        .collect();
    assert_eq!(inquiries.len(), count, "{visits:?}");
    inquiries.sort_unstable();
    inquiries.dedup();
    assert_eq!(inquiries.len(), count, "each their own: {visits:?}");
}

#[then(expr = "{int} of them are asked to come back later with status {int} and a Retry-After")]
async fn asked_to_come_back(world: &mut PortalWorld, count: usize, status: u16) {
    let visits = visits(world);
    let refused: Vec<&Value> = visits.iter().filter(|v| v["status"] == status).collect();
    assert_eq!(refused.len(), count, "{visits:?}");
    assert!(
        refused
            .iter()
            .all(|v| v["retry_after"].as_u64().is_some_and(|s| s >= 1)),
        "{visits:?}"
    );
}

#[given(expr = "the portal waits at most {int} seconds for the provider")]
async fn the_portal_waits_at_most(world: &mut PortalWorld, seconds: u64) {
    world.provider_deadline = Some(Duration::from_secs(seconds));
}

#[given(expr = "the provider answers only after {int} seconds")]
async fn the_provider_is_slow(world: &mut PortalWorld, seconds: u64) {
    world
        .app()
        .await
        .sandbox_faults(&json!({ "latency_ms": seconds * 1000 }))
        .await;
}

#[when("the provider answers at once again")]
async fn the_provider_recovers(world: &mut PortalWorld) {
    world
        .app()
        .await
        .sandbox_faults(&json!({ "latency_ms": 0 }))
        .await;
}

#[when(
    expr = "the backend of {string} asks for a dedicated link {string} with the idempotency key {string}"
)]
async fn asks_with_a_key(world: &mut PortalWorld, slug: String, name: String, key: String) {
    let api_key = world.api_key(&slug).await;
    let template = world
        .sandbox_template
        .clone()
        .expect("a connected template");
    let app = world.app().await;
    let started = Instant::now();
    let response = reqwest::Client::new()
        .post(app.url("/api/v1/links"))
        .bearer_auth(&api_key)
        .header("idempotency-key", &key)
        .json(&json!({"kind": "dedicated", "template_id": template, "reference_id": name}))
        .send()
        .await
        .expect("API POST");
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let mut answer: Value = response.json().await.unwrap_or(Value::Null);
    answer["took_ms"] = json!(started.elapsed().as_millis() as u64);
    answer["retry_after"] = json!(retry_after);
    answer["tenant"] = json!(slug);
    if status == 201 {
        world.links.insert(name, answer.clone());
    }
    world.api_answer = Some((status, answer));
}

#[then(expr = "the backend is told to retry shortly with status {int} within {int} seconds")]
async fn told_to_retry_shortly(world: &mut PortalWorld, status: u16, seconds: u64) {
    let (got, answer) = world.api_answer.clone().expect("an answer");
    assert_eq!(got, status, "{answer}");
    assert_eq!(answer["error"]["type"], "service_unavailable", "{answer}");
    let took = Duration::from_millis(answer["took_ms"].as_u64().expect("timed"));
    assert!(
        took < Duration::from_secs(seconds) + SLACK,
        "answered after {took:?}"
    );
    let wait = answer["retry_after"].as_u64().expect("a Retry-After");
    assert!((1..=30).contains(&wait), "Retry-After {wait}");
}

#[then(expr = "the link {string} is issued")]
async fn the_link_is_issued(world: &mut PortalWorld, name: String) {
    let (status, answer) = world.api_answer.clone().expect("an answer");
    assert_eq!(status, 201, "{answer}");
    assert!(world.links.contains_key(&name));
}

#[then(expr = "the provider holds one inquiry under the reference id {string}")]
async fn one_inquiry_at_the_provider(world: &mut PortalWorld, reference: String) {
    let expected = world.link(&reference)["inquiry_id"]
        .as_str()
        .expect("an inquiry")
        .to_owned();
    let app = world.app().await;
    let started = Instant::now();
    // The slow first attempt may still reach the provider, late; with the same key it finds
    // the inquiry the retry made. Watch until it must have arrived.
    let settled = eventually(Duration::from_secs(15), || async {
        let listed: Value = reqwest::Client::new()
            .get(app.url(&format!(
                "/sandbox/api/v1/inquiries?filter[reference-id]={reference}"
            )))
            .bearer_auth(&app.settings.sandbox_api_key)
            .send()
            .await
            .expect("list")
            .json()
            .await
            .expect("JSON");
        let ids: Vec<&str> = listed["data"]
            .as_array()
            .expect("data")
            .iter()
            .filter_map(|i| i["id"].as_str())
            .collect();
        assert_eq!(ids, vec![expected.as_str()], "one inquiry at the provider");
        started.elapsed() > LATE_ARRIVAL
    })
    .await;
    assert!(settled);
}

/// The page names who to ask for a new link: the company, with its support contact as a
/// link (DESIGN 2: a person on a new phone, no address on file).
#[then(expr = "the page asks them to get a new link from {string} at {string}")]
async fn asks_them_to_get_a_new_link(world: &mut PortalWorld, company: String, href: String) {
    let page = &world.visitor_device().page;
    let asked = format!("Please ask {company} for a new one: <a href=\"{href}\">");
    assert!(page.text().contains(&asked), "{}", page.body);
}
