//! What an end user sees and does in a browser (over HTTP): the hosted flow's steps, the
//! portal's pages for links that cannot be followed, and closing the browser.

use cucumber::{given, then, when};

use crate::{steps::sandbox::inquiry_of_link, world::PortalWorld};

#[then(expr = "they see the personal details step with first name {string}")]
async fn they_see_the_details_step(world: &mut PortalWorld, first_name: String) {
    let page = &world.visitor_device().page;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(page.heading().as_deref(), Some("Confirm your details"));
    assert_eq!(
        page.field("name-first"),
        Some(first_name),
        "the prefilled name"
    );
}

#[given("they confirm their details")]
#[when("they confirm their details")]
async fn they_confirm_their_details(world: &mut PortalWorld) {
    let device = world.visitor_device();
    let form = device
        .page
        .form_with_button("Start verification")
        .unwrap_or_else(|| panic!("not on the details step: {}", device.page.body));
    let page = device.submit(&form, None, &[]).await;
    assert_eq!(page.status, 200, "{}", page.body);
}

#[then("they see the document step")]
async fn they_see_the_document_step(world: &mut PortalWorld) {
    let page = &world.visitor_device().page;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(page.heading().as_deref(), Some("Verify your document"));
    assert!(page.form_with_button("Simulate pass").is_some());
}

#[when(expr = "they choose {string}")]
async fn they_choose(world: &mut PortalWorld, button: String) {
    let device = world.visitor_device();
    let form = device
        .page
        .form_with_button(&button)
        .unwrap_or_else(|| panic!("no {button:?} on the page: {}", device.page.body));
    device.submit(&form, Some(&button), &[]).await;
}

#[then(
    expr = "their browser is sent to {string} with the inquiry id, status {string} and reference id {string}"
)]
async fn their_browser_is_sent_to(
    world: &mut PortalWorld,
    target: String,
    status: String,
    reference: String,
) {
    let inquiry = world.sandbox_inquiry.clone().expect("a sandbox inquiry");
    let page = &world.visitor_device().page;
    assert_eq!(page.status, 303, "{}", page.body);
    let sent_to = url::Url::parse(page.sent_to.as_deref().expect("a redirect away"))
        .expect("an absolute URL");
    assert_eq!(
        format!(
            "{}{}",
            sent_to.origin().ascii_serialization(),
            sent_to.path()
        ),
        target
    );
    let query: Vec<(String, String)> = sent_to.query_pairs().into_owned().collect();
    for expected in [
        ("inquiry-id", inquiry.as_str()),
        ("status", status.as_str()),
        ("reference-id", reference.as_str()),
    ] {
        assert!(
            query.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{expected:?} missing in {sent_to}"
        );
    }
}

#[then(expr = "they see the {string} page with status {int}")]
async fn they_see_the_page(world: &mut PortalWorld, title: String, status: u16) {
    let page = &world.visitor_device().page;
    assert_eq!(
        page.heading().as_deref(),
        Some(title.as_str()),
        "{}",
        page.body
    );
    assert_eq!(page.status, status);
}

#[then(expr = "the page says {string}")]
async fn the_page_says(world: &mut PortalWorld, text: String) {
    let page = &world.visitor_device().page;
    assert!(page.text().contains(&text), "{}", page.body);
}

/// Session cookies go; the portal's persistent cookie stays, as in any browser.
#[when("the end user closes the browser")]
async fn the_end_user_closes_the_browser(world: &mut PortalWorld) {
    world.device("the end user").await.close();
}

#[when(expr = "{string} closes the browser")]
async fn closes_the_browser(world: &mut PortalWorld, person: String) {
    let device = world.device(&person).await;
    device.close();
    assert!(
        device
            .cookie_names()
            .iter()
            .all(|name| !name.starts_with("sbx_flow_")),
        "the hosted flow's session cookie is gone"
    );
}

#[then(expr = "they are in the hosted flow of the inquiry of {string}")]
async fn they_are_in_the_flow_of(world: &mut PortalWorld, link: String) {
    let inquiry = inquiry_of_link(world, &link).await;
    let app_flow = world.app().await.url("/sandbox/verify");
    let page = &world.visitor_device().page;
    assert!(page.url.starts_with(&app_flow), "{}", page.url);
    assert_eq!(page.inquiry_id(), Some(inquiry));
}
