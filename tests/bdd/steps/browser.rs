use cucumber::{then, when};
use thirtyfour::prelude::*;

use crate::{support::PASSWORD, world::PortalWorld};

#[when(expr = "{string} logs in through the browser")]
async fn logs_in_through_the_browser(world: &mut PortalWorld, email: String) {
    let login = world.app().await.url("/login");
    let browser = crate::browser::new_browser().await;
    browser.goto(login).await.expect("open /login");
    browser
        .find(By::Name("email"))
        .await
        .expect("email field")
        .send_keys(&email)
        .await
        .expect("type email");
    browser
        .find(By::Name("password"))
        .await
        .expect("password field")
        .send_keys(PASSWORD)
        .await
        .expect("type password");
    browser
        .find(By::Css("button[type=submit]"))
        .await
        .expect("submit button")
        .click()
        .await
        .expect("submit");
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
