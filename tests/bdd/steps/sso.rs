//! Single sign-on (DESIGN 13.5) against a real OpenID provider, over HTTP and in a real
//! browser.

use cucumber::{given, then, when};
use inquiry_portal::{domain::Email, repo};
use thirtyfour::prelude::*;

use crate::{
    browser::{click_button, type_into, wait_for_heading},
    support::{eventually, oidc::IdentityProvider},
    world::PortalWorld,
};

#[given(
    expr = "{string} connects {string} to an identity provider for {string} with new accounts as {string}"
)]
async fn connects_to_an_identity_provider(
    world: &mut PortalWorld,
    owner: String,
    _slug: String,
    domains: String,
    role: String,
) {
    let client = world.signed_in_client(&owner).await;
    let app = world.app().await;
    let provider = IdentityProvider::start(app).await;
    let saved = app
        .configure_sso(&client, &provider, &domains, &role, true)
        .await;
    assert_eq!(
        saved.status(),
        303,
        "{}",
        saved.text().await.unwrap_or_default()
    );
    world.identity_provider = Some(provider);
}

#[given("the identity provider issues ID tokens for another audience")]
async fn provider_issues_for_another_audience(world: &mut PortalWorld) {
    let provider = world
        .identity_provider
        .as_ref()
        .expect("an identity provider");
    provider.set_mode("wrong-audience").await;
}

#[when(expr = "{string} signs in through the identity provider")]
async fn signs_in_through_the_provider(world: &mut PortalWorld, email: String) {
    let client = world.client_of(&email);
    let answer = world
        .app()
        .await
        .sign_in_with_sso(&client, &email, &email, true)
        .await;
    world.actor = Some(email);
    world.remember(answer).await;
}

#[then(expr = "the single sign-on is refused with {string}")]
async fn the_sso_is_refused(world: &mut PortalWorld, words: String) {
    assert_eq!(world.last_status, Some(403), "{}", world.last_body);
    assert!(world.last_body.contains(&words), "{}", world.last_body);
}

#[when(expr = "{string} continues with single sign-on in the browser")]
async fn continues_with_sso_in_the_browser(world: &mut PortalWorld, email: String) {
    let login = world.app().await.url("/login");
    let browser = crate::browser::new_browser().await;
    browser.goto(login).await.expect("open /login");
    type_into(&browser, "email", &email).await;
    click_button(&browser, "Continue with single sign-on").await;
    wait_for_heading(&browser, "Test identity provider").await;
    world.browser = Some(browser);
    world.actor = Some(email);
}

#[when("they sign in at the identity provider in the browser")]
async fn they_sign_in_at_the_provider(world: &mut PortalWorld) {
    let browser = world.browser.clone().expect("a browser");
    let typed = browser
        .find(By::Name("email"))
        .await
        .expect("the provider's email field")
        .value()
        .await
        .expect("its value");
    let actor = world.actor.clone().expect("who signs in");
    assert_eq!(
        typed.as_deref(),
        Some(actor.as_str()),
        "the login hint reached the provider"
    );
    click_button(&browser, "Sign in at the identity provider").await;
    let portal = world.app().await.address.clone();
    let back = eventually(crate::browser::PAGE_DEADLINE, || async {
        browser.current_url().await.is_ok_and(|url| {
            url.as_str().starts_with(&portal) && url.path() != "/login/sso/callback"
        })
    })
    .await;
    assert!(back, "the browser did not come back to the portal");
}

#[then(expr = "{string} has the role {string} in {string}")]
async fn has_the_role(world: &mut PortalWorld, email: String, role: String, slug: String) {
    let app = world.app().await;
    let db = &app.db.connection;
    let tenant = repo::tenants::find_by_slug(db, &slug)
        .await
        .expect("tenant lookup")
        .expect("the tenant");
    let email = Email::parse(&email).expect("an email");
    let user = repo::users::find_by_email(db, &email)
        .await
        .expect("user lookup")
        .expect("the account made on first sign-in");
    let membership = repo::memberships::find(db, repo::TenantScope::new(tenant.id), user.id)
        .await
        .expect("membership lookup")
        .expect("a membership in the tenant");
    assert_eq!(membership.role.as_str(), role);
}
