//! First contact with a link (DESIGN 13.1): mail scanners, link previews and a scanning
//! browser fetch it before the person does and change nothing; the person sees the
//! Continue page and presses its button.

use cucumber::{given, then, when};
use serde_json::json;
use thirtyfour::prelude::*;

use inquiry_portal::{domain::LinkToken, repo};

use crate::{
    browser::{click_button, wait_for_heading, wait_for_text},
    support::links::CONTINUE_BUTTON,
    world::PortalWorld,
};

/// The Continue page's heading.
const CONTINUE_HEADING: &str = "Verify your identity";

/// Link protection in a mail gateway, or a chat app's preview: no cookies kept,
/// redirects not followed, a user agent of its own.
fn scanner() -> reqwest::Client {
    reqwest::Client::builder()
        .user_agent("Mozilla/5.0 (compatible; LinkProtect/2.1; +https://gateway.example)")
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("scanner client")
}

/// GETs and HEADs `url` three times each, as scanners do: every answer is the Continue
/// page (HEAD: its status without the body).
async fn scan(url: &str) {
    let scanner = scanner();
    for _ in 0..3 {
        let got = scanner.get(url).send().await.expect("GET");
        assert_eq!(got.status(), 200, "GET {url}");
        let page = got.text().await.expect("body");
        assert!(
            page.contains(CONTINUE_BUTTON),
            "not the Continue page: {page}"
        );
        let head = scanner.head(url).send().await.expect("HEAD");
        assert_eq!(head.status(), 200, "HEAD {url}");
        assert!(
            head.bytes().await.expect("body").is_empty(),
            "HEAD has a body"
        );
    }
}

fn url_of(world: &PortalWorld, name: &str) -> String {
    world.link(name)["url"].as_str().expect("a URL").to_owned()
}

#[when(
    expr = "a mail scanner fetches the link {string} three times with GET and HEAD, without cookies"
)]
async fn a_scanner_fetches_the_link(world: &mut PortalWorld, name: String) {
    scan(&url_of(world, &name)).await;
}

#[when("a chat app previews the one-time access link")]
async fn a_chat_app_previews_the_access_link(world: &mut PortalWorld) {
    let url = world.copied_url.clone().expect("an access link");
    scan(&url).await;
}

/// Some gateways open links in a real browser, scripts and all: the page must start
/// nothing by itself.
async fn render_and_leave(world: &mut PortalWorld, url: String) {
    let browser = world.end_user_browser("the mail gateway").await;
    browser.goto(url).await.expect("the page loads");
    wait_for_heading(&browser, CONTINUE_HEADING).await;
    let state = browser
        .execute("return document.readyState;", Vec::new())
        .await
        .expect("JavaScript runs in the scanning browser");
    assert_eq!(
        state.json(),
        &json!("complete"),
        "the page and its script loaded"
    );
}

#[when(expr = "a scanning browser renders the link {string} with JavaScript on and leaves it")]
async fn a_scanning_browser_renders_the_link(world: &mut PortalWorld, name: String) {
    let url = url_of(world, &name);
    render_and_leave(world, url).await;
}

#[when("a scanning browser renders the one-time access link with JavaScript on and leaves it")]
async fn a_scanning_browser_renders_the_access_link(world: &mut PortalWorld) {
    let url = world.copied_url.clone().expect("an access link");
    render_and_leave(world, url).await;
}

#[then(expr = "no browser is bound to the link {string} and no click is counted on it")]
async fn no_browser_is_bound(world: &mut PortalWorld, name: String) {
    let url = url_of(world, &name);
    let token = url.rsplit('/').next().expect("a token");
    let app = world.app().await;
    // Clicks are counted in memory first: write them as the job would.
    app.state.clicks.flush(&app.db).await;
    let hash = LinkToken::parse(token).expect("a link token").hash();
    let link = repo::links::find_by_token_hash(&app.db.connection, &hash)
        .await
        .expect("query")
        .expect("the link");
    let browsers = repo::links::browsers_of(&app.db.connection, link.id)
        .await
        .expect("query");
    assert!(browsers.is_empty(), "{} browser(s) bound", browsers.len());
    assert_eq!(link.click_count, 0, "clicks counted");
    assert_eq!(app.state.clicks.pending_links(), 0, "clicks waiting");
}

#[then("the provider has opened no verification session")]
async fn no_session_at_the_provider(world: &mut PortalWorld) {
    let stats = world.app().await.sandbox_stats().await;
    assert_eq!(stats["sessions_created"], json!(0), "{stats}");
    assert_eq!(stats["resumes"], json!(0), "{stats}");
}

#[then("the one-time access link is still unused")]
async fn the_access_link_is_unused(world: &mut PortalWorld) {
    let footprint = world.app().await.footprint().await;
    assert_eq!(footprint.used_access_links, 0, "{footprint:?}");
}

#[then(expr = "the browser of {string} shows the Continue page of {string}")]
async fn shows_the_continue_page(world: &mut PortalWorld, person: String, tenant: String) {
    let browser = world.end_user_browser(&person).await;
    wait_for_heading(&browser, CONTINUE_HEADING).await;
    wait_for_text(
        &browser,
        &format!("{tenant} asks you to verify your identity"),
    )
    .await;
    wait_for_text(&browser, "What happens next").await;
    browser
        .find(By::XPath(format!(
            "//form[@method='post']//button[normalize-space()='{CONTINUE_BUTTON}']"
        )))
        .await
        .expect("the Continue button posts a form");
}

#[given(expr = "{string} presses Continue in the browser")]
#[when(expr = "{string} presses Continue in the browser")]
async fn presses_continue_in_the_browser(world: &mut PortalWorld, person: String) {
    let browser = world.end_user_browser(&person).await;
    wait_for_heading(&browser, CONTINUE_HEADING).await;
    click_button(&browser, CONTINUE_BUTTON).await;
}

#[then("they see the Continue page")]
async fn they_see_the_continue_page(world: &mut PortalWorld) {
    let page = &world.visitor_device().page;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(page.heading().as_deref(), Some(CONTINUE_HEADING));
    assert!(
        page.form_with_button(CONTINUE_BUTTON).is_some(),
        "{}",
        page.body
    );
}

#[when("they press Continue")]
async fn they_press_continue(world: &mut PortalWorld) {
    let device = world.visitor_device();
    let form = device
        .page
        .form_with_button(CONTINUE_BUTTON)
        .unwrap_or_else(|| panic!("no Continue button: {}", device.page.body));
    device.submit(&form, None, &[]).await;
}
