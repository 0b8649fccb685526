//! Tenant members in a real browser (`@browser`): signing in, issuing and revoking links,
//! and watching the dashboard and the audit trail.

use cucumber::{then, when};
use thirtyfour::prelude::*;

use crate::{
    browser::{
        click_button, page_text, text_of, type_into, wait_for_heading, wait_for_text, PAGE_DEADLINE,
    },
    support::{eventually, PASSWORD},
    world::PortalWorld,
};

fn tenant_browser(world: &PortalWorld) -> WebDriver {
    world.browser.clone().expect("a tenant member's browser")
}

#[when(expr = "{string} logs in through the browser")]
async fn logs_in_through_the_browser(world: &mut PortalWorld, email: String) {
    let login = world.app().await.url("/login");
    let browser = crate::browser::new_browser().await;
    browser.goto(login).await.expect("open /login");
    type_into(&browser, "email", &email).await;
    type_into(&browser, "password", PASSWORD).await;
    browser
        .find(By::Css("button[type=submit]"))
        .await
        .expect("submit button")
        .click()
        .await
        .expect("submit");
    // The next step may navigate at once: wait until the login has been answered.
    let signed_in = eventually(PAGE_DEADLINE, || async {
        browser
            .current_url()
            .await
            .is_ok_and(|url| url.path() != "/login")
    })
    .await;
    assert!(signed_in, "{email} could not log in through the browser");
    world.browser = Some(browser);
    world.actor = Some(email);
}

#[then(expr = "the browser shows the dashboard of {string}")]
async fn the_browser_shows_the_dashboard(world: &mut PortalWorld, tenant_name: String) {
    let browser = world.browser.as_ref().expect("a browser");
    // The form submission navigates; wait for the dashboard instead of racing the old page.
    let arrived = crate::support::eventually(std::time::Duration::from_secs(15), || async {
        let on_root = browser
            .current_url()
            .await
            .is_ok_and(|url| url.path() == "/");
        let heading = match browser.query(By::Tag("h1")).first().await {
            Ok(element) => element.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        on_root && heading == "Dashboard"
    })
    .await;
    assert!(arrived, "the browser did not reach the dashboard");
    let source = browser.source().await.expect("page source");
    assert!(
        source.contains(&tenant_name),
        "dashboard names {tenant_name}"
    );
}

#[when(
    expr = "they issue a dedicated link in the browser with reference id {string} and first name {string}"
)]
async fn they_issue_a_link_in_the_browser(
    world: &mut PortalWorld,
    reference: String,
    first: String,
) {
    let url = world.app().await.url("/links/new?kind=dedicated");
    let browser = tenant_browser(world);
    browser.goto(url).await.expect("open the form");
    wait_for_heading(&browser, "New dedicated link").await;
    type_into(&browser, "reference_id", &reference).await;
    type_into(&browser, "fields[name-first]", &first).await;
    click_button(&browser, "Issue link").await;
}

#[then(expr = "the browser shows the page of the new link {string} with its URL")]
async fn the_browser_shows_the_new_link(world: &mut PortalWorld, reference: String) {
    let prefix = world.app().await.url("/l/");
    let browser = tenant_browser(world);
    wait_for_heading(&browser, &reference).await;
    wait_for_text(&browser, "The link is ready").await;
    let url = text_of(&browser, By::Css(".link-url .copyable-value"), "link URL").await;
    assert!(url.starts_with(&prefix), "{url}");
    world.copied_url = Some(url);
}

#[when(expr = "they revoke the link {string} in the browser")]
async fn they_revoke_in_the_browser(world: &mut PortalWorld, link: String) {
    let id = world.link(&link)["id"].as_str().expect("id").to_owned();
    let url = world.app().await.url(&format!("/links/{id}"));
    let browser = tenant_browser(world);
    browser.goto(url).await.expect("open the link page");
    wait_for_heading(&browser, &link).await;
    click_button(&browser, "Revoke link").await;
    // The page asks for confirmation first.
    let confirmed = eventually(PAGE_DEADLINE, || async {
        browser.accept_alert().await.is_ok()
    })
    .await;
    assert!(confirmed, "a confirmation was asked for");
    wait_for_text(&browser, "revoked").await;
}

/// The count on a dashboard card labelled `label`, if the card is there.
async fn card_count(browser: &WebDriver, label: &str) -> Option<u64> {
    for card in browser.find_all(By::Css(".card.stat")).await.ok()? {
        let shown = card
            .find(By::ClassName("stat-label"))
            .await
            .ok()?
            .text()
            .await
            .ok()?;
        if shown.trim() == label {
            let value = card
                .find(By::ClassName("stat-value"))
                .await
                .ok()?
                .text()
                .await
                .ok()?;
            return value.trim().parse().ok();
        }
    }
    None
}

#[then(expr = "the browser soon shows {int} {string} inquiry on the dashboard")]
async fn the_browser_soon_shows_on_the_dashboard(
    world: &mut PortalWorld,
    count: u64,
    status: String,
) {
    let url = world.app().await.url("/");
    let browser = tenant_browser(world);
    let shown = eventually(PAGE_DEADLINE, || async {
        browser.goto(url.as_str()).await.is_ok()
            && card_count(&browser, &status).await == Some(count)
    })
    .await;
    assert!(
        shown,
        "the dashboard shows {:?} {status}",
        card_count(&browser, &status).await
    );
}

#[then(
    expr = "the browser soon shows the inquiry of {string} going from {string} to {string} in the audit trail"
)]
async fn the_browser_soon_shows_in_the_trail(
    world: &mut PortalWorld,
    link: String,
    from: String,
    to: String,
) {
    let id = world.link(&link)["id"].as_str().expect("id").to_owned();
    let url = world.app().await.url(&format!("/audit?link={id}"));
    let browser = tenant_browser(world);
    let change = format!("{from} → {to}");
    let shown = eventually(PAGE_DEADLINE, || async {
        browser.goto(url.as_str()).await.is_ok() && {
            let text = page_text(&browser).await;
            text.contains("Inquiry status changed") && text.contains(&change)
        }
    })
    .await;
    assert!(
        shown,
        "the trail lacks {change}: {}",
        page_text(&browser).await
    );
}
