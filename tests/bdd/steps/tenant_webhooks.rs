//! Tenant webhooks: a tenant's backend registers an endpoint and receives signed events,
//! verified by the `standardwebhooks` package from PyPI.

use chrono::Utc;
use cucumber::{given, then, when};
use serde_json::{json, Value};

use crate::{
    support::{
        form_key_for,
        receiver::Receiver,
        status::{deliver_signed, event_body},
    },
    world::PortalWorld,
};

fn receiver(world: &PortalWorld) -> &Receiver {
    world.webhook_receiver.as_ref().expect("a webhook receiver")
}

#[given(
    expr = "the backend of {string} receives webhooks at an endpoint it registered through the API"
)]
async fn registered_through_the_api(world: &mut PortalWorld, slug: String) {
    let receiver = Receiver::start();
    let key = world.api_key(&slug).await;
    let (status, endpoint) = world
        .app()
        .await
        .api_post(
            &key,
            "/api/v1/webhook-endpoints",
            &json!({"url": receiver.url()}),
        )
        .await;
    assert_eq!(status, 201, "{endpoint}");
    receiver
        .verify_with(endpoint["secret"].as_str().unwrap())
        .await;
    world.webhook_endpoint = endpoint["id"].as_str().map(str::to_owned);
    world.webhook_receiver = Some(receiver);
}

#[given(expr = "{string} registers the backend's webhook endpoint on the webhooks page")]
async fn registered_on_the_page(world: &mut PortalWorld, email: String) {
    let receiver = Receiver::start();
    let client = world.signed_in_client(&email).await;
    let app = world.app().await;
    let page = client
        .get(app.url("/webhooks"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let form_key = form_key_for(&page, "/webhooks").expect("the form's key");
    let csrf = crate::support::csrf_token(&page);
    let url = receiver.url();
    let fields = [
        ("url", url.as_str()),
        ("form_key", &form_key),
        ("csrf_token", &csrf),
    ];
    let created = client
        .post(app.url("/webhooks"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 303);
    let location = created.headers()["location"].to_str().unwrap().to_owned();
    let shown = client
        .get(app.url(&location))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let start = shown.find("whsec_").expect("the secret is shown once");
    let secret: String = shown[start..]
        .chars()
        .take_while(|c| *c != '<' && *c != '"')
        .collect();
    receiver.verify_with(&secret).await;
    let again = client
        .get(app.url(&location))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !again.contains("whsec_"),
        "a reload does not show the secret again"
    );
    let start = shown
        .find("href=\"/webhooks/whep_")
        .expect("a link to the log")
        + 16;
    let id: String = shown[start..].chars().take_while(|c| *c != '"').collect();
    world.webhook_endpoint = Some(id);
    world.webhook_receiver = Some(receiver);
}

#[given("the backend's receiver answers the next delivery with an error")]
async fn answers_with_an_error(world: &mut PortalWorld) {
    receiver(world).fail_next(1).await;
}

#[when(expr = "the provider reports that the inquiry of the link {string} is completed")]
async fn the_provider_reports_completion(world: &mut PortalWorld, name: String) {
    let inquiry = world.links[&name]["inquiry_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = event_body(
        "evt_bdd_completed",
        "inquiry.completed",
        &inquiry,
        Utc::now(),
    );
    deliver_signed(world.app().await, &body).await;
}

#[when("the portal attempts its webhook deliveries")]
async fn the_portal_delivers(world: &mut PortalWorld) {
    let app = world.app().await;
    inquiry_portal::tenant_webhooks::worker::run_once(&app.state)
        .await
        .expect("a worker pass");
}

async fn accepted(world: &PortalWorld) -> Vec<Value> {
    receiver(world).accepted_bodies().await
}

#[then(expr = "the backend receives a signed {string} event for the inquiry of {string}")]
async fn receives_an_event(world: &mut PortalWorld, kind: String, name: String) {
    let inquiry = world.links[&name]["inquiry_id"].clone();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let bodies = accepted(world).await;
        if bodies
            .iter()
            .any(|b| b["type"] == kind.as_str() && b["data"]["inquiry_id"] == inquiry)
        {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no {kind} event arrived: {bodies:?}"
        );
        the_portal_delivers(world).await;
    }
    assert_eq!(receiver(world).received().await["rejected"], json!([]));
}

#[then(expr = "the events about {string} in sequence order are {string}")]
async fn events_in_order(world: &mut PortalWorld, name: String, expected: String) {
    let inquiry = world.links[&name]["inquiry_id"].clone();
    let mut events: Vec<(i64, String)> = accepted(world)
        .await
        .iter()
        .filter(|b| b["data"]["inquiry_id"] == inquiry)
        .map(|b| {
            (
                b["sequence"].as_i64().unwrap(),
                b["type"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    events.sort();
    let kinds: Vec<String> = events.into_iter().map(|(_, kind)| kind).collect();
    assert_eq!(kinds.join(", "), expected);
}

async fn log_page(world: &mut PortalWorld, email: &str) -> String {
    let client = world.signed_in_client(email).await;
    let path = format!("/webhooks/{}", world.webhook_endpoint.clone().unwrap());
    let url = world.app().await.url(&path);
    let response = client.get(url).send().await.unwrap();
    let location = response.headers().get("location").cloned();
    assert_eq!(response.status(), 200, "{path} sent to {location:?}");
    response.text().await.unwrap()
}

#[then(expr = "{string} sees in the delivery log a {string} delivery answered with {int}")]
async fn sees_in_the_log(world: &mut PortalWorld, email: String, kind: String, code: u16) {
    let page = log_page(world, &email).await;
    assert!(page.contains(&kind), "the log names the event");
    assert!(
        page.contains(&format!("<td>{code}</td>")),
        "the log shows the answer {code}"
    );
    assert!(
        page.contains("ordered failure"),
        "the log shows the answer's body"
    );
}

#[when(expr = "{string} replays that delivery from the log")]
async fn replays_from_the_log(world: &mut PortalWorld, email: String) {
    let page = log_page(world, &email).await;
    let start = page
        .find("action=\"/webhook-deliveries/")
        .expect("a replay button")
        + 8;
    let action: String = page[start..].chars().take_while(|c| *c != '"').collect();
    let csrf = crate::support::csrf_token(&page);
    let client = world.signed_in_client(&email).await;
    let url = world.app().await.url(&action);
    let response = client
        .post(url)
        .form(&[("csrf_token", csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
}

#[then(expr = "the backend has accepted the {string} event once, and the log shows it delivered")]
async fn accepted_once(world: &mut PortalWorld, kind: String) {
    let bodies = accepted(world).await;
    assert_eq!(
        bodies.iter().filter(|b| b["type"] == kind.as_str()).count(),
        1
    );
    let owner = world
        .actor
        .clone()
        .unwrap_or_else(|| "owner@acme.test".into());
    let page = log_page(world, &owner).await;
    assert!(
        page.contains("delivered"),
        "the log shows the delivery as delivered"
    );
}
