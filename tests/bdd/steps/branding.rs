//! The tenant's brand (DESIGN 13.6): the owner's branding form and what end users see.

use cucumber::{given, then, when};
use serde_json::json;

use crate::world::PortalWorld;

#[given(expr = "{string} brands the end-user pages as {string} in {string} with support {string}")]
#[when(expr = "{string} brands the end-user pages as {string} in {string} with support {string}")]
async fn brands_the_pages(
    world: &mut PortalWorld,
    email: String,
    name: String,
    colour: String,
    support: String,
) {
    let client = world.client_of(&email);
    let app = world.app().await;
    app.login(&client, &email).await;
    let fields = [
        ("display_name", name.as_str()),
        ("accent_colour", colour.as_str()),
        ("support_contact", support.as_str()),
    ];
    let page = "/settings/branding";
    let response = app.post_form(&client, page, page, &fields).await;
    world.actor = Some(email);
    world.remember(response).await;
}

async fn first_page(url: &str) -> String {
    let response = reqwest::get(url).await.expect("GET the link");
    assert_eq!(response.status(), 200, "the Continue page");
    response.text().await.expect("the page")
}

#[then(expr = "the first page of the link {string} says {string}")]
async fn first_page_says(world: &mut PortalWorld, name: String, text: String) {
    let url = world.links[&name]["url"].as_str().expect("url").to_owned();
    let page = first_page(&url).await;
    assert!(page.contains(&text), "{page}");
}

#[then(expr = "the first page of the link {string} offers help at {string}")]
async fn first_page_offers_help(world: &mut PortalWorld, name: String, href: String) {
    let url = world.links[&name]["url"].as_str().expect("url").to_owned();
    let page = first_page(&url).await;
    assert!(page.contains(&format!("href=\"{href}\"")), "{page}");
}

#[then(expr = "the branding page refuses the accent colour with {string}")]
async fn branding_page_refuses(world: &mut PortalWorld, message: String) {
    assert_eq!(world.last_status, Some(422), "{}", world.last_body);
    let body = &world.last_body;
    let field = body
        .find("field-accent_colour-error")
        .expect("an error at the field");
    assert!(body[field..].contains(&message), "{body}");
}

#[then(expr = "the first page of a new link of {string} still says {string}")]
async fn a_new_link_still_says(world: &mut PortalWorld, slug: String, text: String) {
    let key = world.api_key(&slug).await;
    let template = world
        .sandbox_template
        .clone()
        .expect("a connected template");
    let link = world
        .app()
        .await
        .issue_dedicated(&key, &template, json!({}))
        .await;
    let url = link["url"].as_str().expect("url").to_owned();
    let page = first_page(&url).await;
    assert!(page.contains(&text), "{page}");
}
