//! End users in real browsers (`@browser`): headless Chromium, one per person or device,
//! following links into the hosted flow. Quitting one and starting another is a fresh
//! profile: no cookies at all.

use cucumber::{given, then, when};
use thirtyfour::prelude::*;

use crate::{
    browser::{click_button, heading, text_of, type_into, wait_for_heading, wait_for_text},
    world::PortalWorld,
};

const DETAILS_STEP: &str = "Confirm your details";
const DOCUMENT_STEP: &str = "Verify your document";

async fn open_in_browser(world: &mut PortalWorld, person: &str, url: String) {
    let browser = world.end_user_browser(person).await;
    browser.goto(url).await.expect("the page loads");
}

#[when(expr = "{string} opens the hosted flow with the inquiry id in a browser")]
async fn opens_the_flow_in_a_browser(world: &mut PortalWorld, person: String) {
    let inquiry = world.sandbox_inquiry.clone().expect("a sandbox inquiry");
    let url = world
        .app()
        .await
        .url(&format!("/sandbox/verify?inquiry-id={inquiry}"));
    open_in_browser(world, &person, url).await;
}

#[given(expr = "{string} opens the link {string} in a browser")]
#[when(expr = "{string} opens the link {string} in a browser")]
async fn opens_the_link_in_a_browser(world: &mut PortalWorld, person: String, link: String) {
    let url = world.link(&link)["url"].as_str().expect("a URL").to_owned();
    open_in_browser(world, &person, url).await;
}

#[when(expr = "{string} opens the copied link in a browser")]
async fn opens_the_copied_link(world: &mut PortalWorld, person: String) {
    let url = world.copied_url.clone().expect("a copied link");
    open_in_browser(world, &person, url).await;
}

#[then(expr = "the browser of {string} shows the personal details step with first name {string}")]
async fn shows_the_details_step(world: &mut PortalWorld, person: String, first_name: String) {
    let browser = world.end_user_browser(&person).await;
    wait_for_heading(&browser, DETAILS_STEP).await;
    let shown = browser
        .find(By::Name("name-first"))
        .await
        .expect("a first name field")
        .value()
        .await
        .expect("its value");
    assert_eq!(shown.as_deref(), Some(first_name.as_str()));
}

#[when(expr = "{string} confirms their details in the browser")]
async fn confirms_their_details(world: &mut PortalWorld, person: String) {
    let browser = world.end_user_browser(&person).await;
    wait_for_heading(&browser, DETAILS_STEP).await;
    click_button(&browser, "Start verification").await;
}

#[then(expr = "the browser of {string} shows the document step")]
async fn shows_the_document_step(world: &mut PortalWorld, person: String) {
    let browser = world.end_user_browser(&person).await;
    wait_for_heading(&browser, DOCUMENT_STEP).await;
}

#[when(expr = "{string} chooses {string} in the browser")]
async fn chooses_in_the_browser(world: &mut PortalWorld, person: String, button: String) {
    let browser = world.end_user_browser(&person).await;
    wait_for_heading(&browser, DOCUMENT_STEP).await;
    click_button(&browser, &button).await;
}

#[when(expr = "{string} quits the browser and starts a new one")]
async fn quits_and_starts_a_new_browser(world: &mut PortalWorld, person: String) {
    world.quit_end_user_browser(&person).await;
    let fresh = world.end_user_browser(&person).await;
    let cookies = fresh.get_all_cookies().await.expect("cookies");
    assert!(cookies.is_empty(), "a new profile has no cookies");
}

#[then(expr = "the browser of {string} shows the {string} page with status {int}")]
async fn shows_the_page_with_status(
    world: &mut PortalWorld,
    person: String,
    title: String,
    status: u16,
) {
    let browser = world.end_user_browser(&person).await;
    wait_for_heading(&browser, &title).await;
    let shown = text_of(&browser, By::ClassName("status-code"), "status").await;
    assert_eq!(shown, status.to_string());
}

#[then(expr = "the browser of {string} shows {string}")]
async fn shows_text(world: &mut PortalWorld, person: String, text: String) {
    let browser = world.end_user_browser(&person).await;
    wait_for_text(&browser, &text).await;
    assert!(
        heading(&browser).await.is_some_and(|h| h.contains(&text)),
        "{text:?} is the page's heading"
    );
}

#[when(expr = "{string} enters the access code of {string} in the browser")]
async fn enters_the_access_code(world: &mut PortalWorld, person: String, link: String) {
    let code = world.link(&link)["access_code"]
        .as_str()
        .expect("an access code")
        .to_owned();
    let browser = world.end_user_browser(&person).await;
    wait_for_heading(&browser, "Enter your access code").await;
    type_into(&browser, "code", &code).await;
    click_button(&browser, "Continue").await;
}

/// What a browser does with session cookies when its session ends, for this one cookie:
/// the portal's persistent cookie stays.
#[when(
    expr = "the browser of {string} loses the hosted flow's session cookie but keeps the portal's"
)]
async fn loses_the_flow_cookie(world: &mut PortalWorld, person: String) {
    let browser = world.end_user_browser(&person).await;
    wait_for_heading(&browser, DOCUMENT_STEP).await;
    let names = |cookies: Vec<thirtyfour::Cookie>| -> Vec<String> {
        cookies.into_iter().map(|cookie| cookie.name).collect()
    };
    let before = names(browser.get_all_cookies().await.expect("cookies"));
    let flow: Vec<&String> = before
        .iter()
        .filter(|name| name.starts_with("sbx_flow_"))
        .collect();
    assert!(
        !flow.is_empty(),
        "the flow keeps a session cookie: {before:?}"
    );
    for name in flow {
        browser.delete_cookie(name.as_str()).await.expect("delete");
    }
    let after = names(browser.get_all_cookies().await.expect("cookies"));
    assert!(
        after.iter().all(|name| !name.starts_with("sbx_flow_")),
        "{after:?}"
    );
    assert!(
        after.iter().any(|name| name == "portal_browser"),
        "the portal's cookie stays: {after:?}"
    );
}

#[when(expr = "{string} reloads the page in the browser")]
async fn reloads_the_page(world: &mut PortalWorld, person: String) {
    let browser = world.end_user_browser(&person).await;
    browser.refresh().await.expect("reload");
}
