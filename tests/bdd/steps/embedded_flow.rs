//! The embedded flow (`@persona_sdk`): the example tenant app's page opens Persona's
//! official JavaScript SDK with an inquiry id and a session token its backend got from the
//! portal, `host` pointing at the sandbox; the person goes through the flow inside the
//! SDK's iframe, and the page shows what the SDK reported (`onComplete`, `onCancel`,
//! `onError`).

use cucumber::{given, then, when};
use serde_json::{json, Value};
use thirtyfour::prelude::*;

use crate::{
    browser::{click_button, text_of, wait_for_heading, PAGE_DEADLINE},
    support::eventually,
    tenant_app::TenantApp,
    world::PortalWorld,
};

#[given("a tenant app that embeds the verification flow, on its own origin")]
async fn a_tenant_app_embeds_the_flow(world: &mut PortalWorld) {
    assert!(
        !world.app_started(),
        "the tenant app starts first: the portal must know its origin to let it frame the flow"
    );
    world.tenant_app = Some(TenantApp::start());
}

fn tenant_app(world: &PortalWorld) -> &TenantApp {
    world
        .tenant_app
        .as_ref()
        .expect("a step must start the tenant app first")
}

#[when(
    expr = "{string} opens the tenant app, whose backend hands it the inquiry and session token of {string}"
)]
async fn opens_the_tenant_app(world: &mut PortalWorld, person: String, link: String) {
    let issued = world.link(&link).clone();
    // The SDK takes plain http only for a host called localhost; the portal listens there.
    let host = format!("localhost:{}/sandbox", world.app().await.port);
    tenant_app(world).prepare(json!({
        "inquiry_id": issued["inquiry_id"],
        "session_token": issued["session_token"],
        "host": host,
    }));
    let origin = tenant_app(world).origin.clone();
    let browser = world.end_user_browser(&person).await;
    browser
        .goto(format!("{origin}/"))
        .await
        .expect("the page loads");
    click_button(&browser, "Verify my identity").await;
}

/// Waits for the SDK to show its iframe, then works inside it.
async fn enter_the_flow(browser: &WebDriver) {
    let shown = eventually(PAGE_DEADLINE, || async {
        match browser.find(By::Css("iframe.persona-widget__iframe")).await {
            Ok(frame) => frame.is_displayed().await.unwrap_or(false),
            Err(_) => false,
        }
    })
    .await;
    assert!(
        shown,
        "the SDK did not open its iframe; the page shows: {}",
        crate::browser::page_text(browser).await
    );
    browser
        .find(By::Css("iframe.persona-widget__iframe"))
        .await
        .expect("the SDK's iframe")
        .enter_frame()
        .await
        .expect("enter the SDK's iframe");
}

async fn visitor_browser(world: &mut PortalWorld) -> WebDriver {
    let person = world.visitor.clone().expect("a person must act first");
    world.end_user_browser(&person).await
}

#[when("they confirm their details in the embedded flow")]
async fn confirm_details_in_the_flow(world: &mut PortalWorld) {
    let browser = visitor_browser(world).await;
    enter_the_flow(&browser).await;
    wait_for_heading(&browser, "Confirm your details").await;
    click_button(&browser, "Start verification").await;
    wait_for_heading(&browser, "Verify your document").await;
    browser
        .enter_default_frame()
        .await
        .expect("leave the iframe");
}

#[when(expr = "they choose {string} in the embedded flow")]
async fn choose_in_the_flow(world: &mut PortalWorld, label: String) {
    let browser = visitor_browser(world).await;
    enter_the_flow(&browser).await;
    click_button(&browser, &label).await;
    browser
        .enter_default_frame()
        .await
        .expect("leave the iframe");
}

#[when("they cancel the embedded flow")]
async fn cancel_the_flow(world: &mut PortalWorld) {
    let browser = visitor_browser(world).await;
    enter_the_flow(&browser).await;
    click_button(&browser, "Cancel verification").await;
    browser
        .enter_default_frame()
        .await
        .expect("leave the iframe");
}

/// What the page reported from the SDK, once it reports `event`.
async fn heard(world: &mut PortalWorld, event: &str) -> Value {
    let browser = visitor_browser(world).await;
    let read = || async {
        let text = text_of(&browser, By::Id("outcome"), "the SDK's report").await;
        serde_json::from_str::<Value>(&text).ok()
    };
    let reported = eventually(PAGE_DEADLINE, || async {
        read().await.is_some_and(|report| report["event"] == event)
    })
    .await;
    let report = read().await;
    assert!(
        reported,
        "the tenant app did not hear {event}; it shows {report:?} and says: {}",
        crate::browser::page_text(&browser).await
    );
    report.unwrap_or_default()
}

#[then(expr = "the tenant app hears onComplete with the inquiry of {string} and status {string}")]
async fn hears_on_complete(world: &mut PortalWorld, link: String, status: String) {
    let report = heard(world, "complete").await;
    assert_eq!(
        report["inquiryId"],
        world.link(&link)["inquiry_id"],
        "{report}"
    );
    assert_eq!(report["status"], json!(status), "{report}");
}

#[then(
    expr = "the tenant app hears onCancel with the inquiry of {string} and the session token the backend received"
)]
async fn hears_on_cancel(world: &mut PortalWorld, link: String) {
    let report = heard(world, "cancel").await;
    let issued = world.link(&link).clone();
    assert_eq!(report["inquiryId"], issued["inquiry_id"], "{report}");
    assert!(report["sessionToken"].is_string(), "{report}");
    assert_eq!(report["sessionToken"], issued["session_token"], "{report}");
}

#[then("the portal's answer is the session token the tenant app heard")]
async fn the_portal_reproduces_the_heard_token(world: &mut PortalWorld) {
    let report = heard(world, "cancel").await;
    let (status, answer) = world.api_answer.clone().expect("an answer from the portal");
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["inquiry_id"], report["inquiryId"], "{answer}");
    assert_eq!(answer["session_token"], report["sessionToken"], "{answer}");
}

#[then(expr = "the tenant app hears onError with code {string}")]
async fn hears_on_error(world: &mut PortalWorld, code: String) {
    let report = heard(world, "error").await;
    assert_eq!(report["code"], json!(code), "{report}");
}
