//! Passkeys in real Chromium (`@browser`), with WebDriver's virtual authenticator.

use cucumber::{given, then, when};
use sea_orm::{ConnectionTrait, Statement};
use thirtyfour::prelude::*;

use crate::{
    browser::{
        add_virtual_authenticator, click_button, new_browser, type_into, wait_for_heading,
        wait_for_text, PAGE_DEADLINE,
    },
    support::{eventually, LOCALHOST, PASSWORD},
    world::PortalWorld,
};

/// The portal's public URL: what a browser must open for passkeys to be its own.
async fn public_url(world: &mut PortalWorld) -> String {
    world.app().await.settings.public_url.clone()
}

async fn wait_for_path(browser: &WebDriver, path: &str) -> bool {
    eventually(PAGE_DEADLINE, || async {
        browser
            .current_url()
            .await
            .is_ok_and(|url| url.path() == path)
    })
    .await
}

#[given("the portal is reached at localhost")]
async fn the_portal_is_reached_at_localhost(world: &mut PortalWorld) {
    // WebAuthn needs a domain name: Chromium refuses an IP address as relying party.
    world.public_url = Some(LOCALHOST.into());
}

#[when(expr = "{string} logs in through a browser that has a passkey authenticator")]
async fn logs_in_with_an_authenticator(world: &mut PortalWorld, email: String) {
    let base = public_url(world).await;
    let browser = new_browser().await;
    add_virtual_authenticator(&browser).await;
    browser
        .goto(format!("{base}/login"))
        .await
        .expect("open /login");
    type_into(&browser, "email", &email).await;
    type_into(&browser, "password", PASSWORD).await;
    click_button(&browser, "Log in").await;
    assert!(
        wait_for_path(&browser, "/").await,
        "{email} could not log in"
    );
    world.browser = Some(browser);
    world.actor = Some(email);
}

#[when(expr = "they add a passkey named {string}")]
async fn they_add_a_passkey(world: &mut PortalWorld, name: String) {
    let base = public_url(world).await;
    let browser = world.browser.clone().expect("a signed-in browser");
    browser
        .goto(format!("{base}/account/security"))
        .await
        .expect("open the security page");
    wait_for_heading(&browser, "Security").await;
    browser
        .find(By::Id("passkey-name"))
        .await
        .expect("the passkey name field (shown by the script)")
        .send_keys(&name)
        .await
        .expect("type the name");
    click_button(&browser, "Add a passkey").await;
    wait_for_text(&browser, &format!("The passkey “{name}” is set up.")).await;
}

#[then(expr = "their security page lists the passkey {string}")]
async fn the_security_page_lists(world: &mut PortalWorld, name: String) {
    let browser = world.browser.clone().expect("a signed-in browser");
    let listed = browser
        .find(By::Css(format!("#passkeys input[value='{name}']")))
        .await;
    assert!(listed.is_ok(), "the passkey {name:?} is not listed");
}

#[when("they log out in the browser")]
async fn they_log_out(world: &mut PortalWorld) {
    let browser = world.browser.clone().expect("a signed-in browser");
    click_button(&browser, "Log out").await;
    assert!(
        wait_for_path(&browser, "/login").await,
        "not back on /login"
    );
}

#[when("they sign in with their passkey")]
async fn they_sign_in_with_their_passkey(world: &mut PortalWorld) {
    let browser = world.browser.clone().expect("a browser");
    click_button(&browser, "Sign in with a passkey").await;
}

#[then(expr = "the audit trail has a sign-in of {string} with a passkey")]
async fn the_audit_trail_has_a_passkey_sign_in(world: &mut PortalWorld, email: String) {
    let app = world.app().await;
    let backend = app.db.connection.get_database_backend();
    let sql = format!(
        "SELECT COUNT(*) AS n FROM audit_events a JOIN users u ON a.actor = 'user:' || u.public_id \
         WHERE u.email = '{email}' AND a.action = 'login.succeeded' AND a.details LIKE '%passkey%'"
    );
    let row = app
        .db
        .connection
        .query_one_raw(Statement::from_string(backend, sql))
        .await
        .expect("audit query")
        .expect("a row");
    assert_eq!(row.try_get::<i64>("", "n").expect("count"), 1);
}

#[when("another browser without the passkey tries to sign in with a passkey")]
async fn another_browser_tries(world: &mut PortalWorld) {
    let base = public_url(world).await;
    let browser = world.end_user_browser("another browser").await;
    // An authenticator of its own, with no credential for this portal.
    add_virtual_authenticator(&browser).await;
    browser
        .goto(format!("{base}/login"))
        .await
        .expect("open /login");
    click_button(&browser, "Sign in with a passkey").await;
}

#[then("that browser stays on the login page, told that no passkey was used")]
async fn that_browser_stays_on_the_login_page(world: &mut PortalWorld) {
    let browser = world.end_user_browser("another browser").await;
    wait_for_text(&browser, "No passkey was used").await;
    let url = browser.current_url().await.expect("current url");
    assert_eq!(url.path(), "/login");
    let base = public_url(world).await;
    browser
        .goto(format!("{base}/links"))
        .await
        .expect("open /links");
    assert!(wait_for_path(&browser, "/login").await, "not signed in");
}
