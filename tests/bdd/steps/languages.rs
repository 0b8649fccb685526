//! The person's language and the tenant's brand (DESIGN 13.6): end-user pages, emails and
//! the hosted flow in English, German, French or Spanish, under the tenant's name and logo.

use std::io::Cursor;

use cucumber::{gherkin::Step, given, then, when};
use image::{DynamicImage, ImageFormat, RgbImage};
use serde_json::{json, Value};
use thirtyfour::prelude::*;

use crate::{
    support::{csrf_token, links::press_continue, location_header},
    world::PortalWorld,
};

#[given(expr = "{string} uploads a logo for the end-user pages")]
async fn uploads_a_logo(world: &mut PortalWorld, email: String) {
    let client = world.signed_in_client(&email).await;
    let app = world.app().await;
    let page = "/settings/branding";
    let html = client
        .get(app.url(page))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let pixels = RgbImage::from_pixel(160, 48, image::Rgb([29, 78, 216]));
    let mut jpeg = Vec::new();
    DynamicImage::ImageRgb8(pixels)
        .write_to(&mut Cursor::new(&mut jpeg), ImageFormat::Jpeg)
        .expect("a JPEG");
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", csrf_token(&html))
        .part(
            "logo",
            reqwest::multipart::Part::bytes(jpeg).file_name("logo.jpg"),
        );
    let uploaded = client
        .post(app.url("/settings/branding/logo"))
        .multipart(form)
        .send()
        .await
        .expect("upload");
    assert_eq!(uploaded.status(), 303, "the logo is saved");
}

#[given(
    expr = "the backend of {string} emails a dedicated link {string} in {string} with an access code to {string}"
)]
#[when(
    expr = "the backend of {string} emails a dedicated link {string} in {string} with an access code to {string}"
)]
async fn emails_a_link_in(
    world: &mut PortalWorld,
    slug: String,
    name: String,
    language: String,
    email: String,
) {
    let key = world.api_key(&slug).await;
    let template = world
        .sandbox_template
        .clone()
        .expect("a connected template");
    let request = json!({
        "kind": "dedicated", "template_id": template, "reference_id": name,
        "fields": {"name-first": "Ada"}, "send_to": {"email": email},
        "access_code": true, "language": language,
    });
    let (status, link) = world
        .app()
        .await
        .api_post(&key, "/api/v1/links", &request)
        .await;
    assert_eq!(status, 201, "issuing {name}: {link}");
    assert_eq!(link["language"], json!(language), "{link}");
    world.links.insert(name, link);
}

/// The brand on top of a page or an email: the logo (with the name as its text) and the name.
fn assert_branded(html: &str, name: &str) {
    assert!(
        html.contains("/brand/acme/logo/"),
        "the tenant's logo: {html}"
    );
    assert!(
        html.contains(&format!(r#"alt="{name}""#)),
        "the logo's text: {html}"
    );
    assert!(html.contains(name), "the tenant's name: {html}");
}

#[then(expr = "the email is in German under the logo and name of {string}")]
async fn the_email_is_in_german(world: &mut PortalWorld, name: String) {
    let public_url = world.app().await.state.settings.public_url.clone();
    let smtp = world.smtp.as_ref().expect("a real SMTP server");
    let message = smtp.received().pop().expect("an email");
    let html = message.html.clone().expect("an HTML part");
    let text = message.text.clone().expect("a text part");
    assert!(html.contains(r#"<html lang="de">"#), "{html}");
    assert!(
        html.contains(&format!("{public_url}/brand/acme/logo/")),
        "{html}"
    );
    assert_branded(&html, &name);
    for part in [&html, &text] {
        assert!(part.contains("Guten Tag Ada,"), "{part}");
        assert!(part.contains(&format!("im Auftrag von {name}")), "{part}");
    }
    assert!(html.contains("Weiter zur Identitätsprüfung"), "{html}");
}

#[when(expr = "{string} whose browser asks for {string} opens the link {string}")]
async fn opens_the_link_speaking(
    world: &mut PortalWorld,
    person: String,
    languages: String,
    link: String,
) {
    let url = world.link(&link)["url"].as_str().expect("a URL").to_owned();
    let speaker = world.client_speaking(&person, &languages);
    let response = speaker.get(&url).send().await.expect("the link answers");
    world.copied_url = Some(url);
    world.remember(response).await;
}

#[then(expr = "the page is in German under the logo and name of {string} and reads {string}")]
async fn the_page_is_in_german(world: &mut PortalWorld, name: String, text: String) {
    let page = &world.last_body;
    assert!(page.contains(r#"<html lang="de">"#), "{page}");
    assert_branded(page, &name);
    assert!(page.contains(&text), "{page}");
    assert!(
        page.contains("von Inquiry Link Portal"),
        "the portal only in small print: {page}"
    );
}

#[then(expr = "the page reads {string}")]
async fn the_page_reads(world: &mut PortalWorld, text: String) {
    assert!(world.last_body.contains(&text), "{}", world.last_body);
}

/// The action of the form that holds the button labelled `label`.
fn action_of_button(page: &str, label: &str) -> String {
    let button = page
        .find(label)
        .unwrap_or_else(|| panic!("no button {label:?}: {page}"));
    let form = page[..button].rfind("<form").expect("the button's form");
    let action = page[form..].find("action=\"").expect("the form's action") + form + 8;
    let end = page[action..].find('"').expect("the action's end") + action;
    page[action..end].to_owned()
}

#[when(expr = "they press the button {string}")]
async fn they_press_the_button(world: &mut PortalWorld, label: String) {
    let action = action_of_button(&world.last_body, &label);
    let person = world.visitor.clone().expect("a person acts first");
    let url = world.app().await.url(&action);
    let client = world.client_of(&person);
    let (status, location) = press_continue(&client, &url).await;
    assert_eq!(status, 303, "into the flow: {location}");
    world.copied_url = Some(location);
}

#[then(expr = "they are sent into the hosted flow with {string}")]
async fn sent_into_the_flow_with(world: &mut PortalWorld, parameter: String) {
    let flow = world.copied_url.clone().expect("a redirect into the flow");
    assert!(flow.contains("/sandbox/verify?"), "{flow}");
    let (name, value) = parameter.split_once('=').expect("name=value");
    let url = url::Url::parse(&flow).expect("an absolute URL");
    let found = url
        .query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, v)| v.into_owned());
    assert_eq!(found.as_deref(), Some(value), "{flow}");
}

#[then(expr = "the hosted flow greets them with {string}")]
async fn the_flow_greets_them(world: &mut PortalWorld, heading: String) {
    let person = world.visitor.clone().expect("a person acts first");
    let client = world.client_of(&person);
    let mut next = world.copied_url.clone().expect("a redirect into the flow");
    let app = world.app().await;
    for _ in 0..4 {
        let response = client.get(&next).send().await.expect("the flow answers");
        match location_header(&response) {
            Some(location) if location.starts_with('/') => next = app.url(&location),
            Some(location) => next = location,
            None => {
                let page = response.text().await.expect("the page");
                assert!(page.contains(&format!("<h1>{heading}</h1>")), "{page}");
                return;
            }
        }
    }
    panic!("the flow kept redirecting");
}

/// The end-user pages a person may see, by the names the scenario uses, and where each is
/// reached in `language`.
struct Pages {
    links: Vec<(Value, Value)>,
    key: String,
    template: String,
}

impl Pages {
    /// A fresh link (for the Continue page) and a bound one with an access code (for the
    /// form), per language, so wrong codes never lock a link during the run.
    async fn issue(world: &mut PortalWorld) -> Self {
        let key = world.api_key("acme").await;
        let template = world
            .sandbox_template
            .clone()
            .expect("a connected template");
        let app = world.app().await;
        let mut links = Vec::new();
        for _ in 0..4 {
            let fresh = app.issue_dedicated(&key, &template, json!({})).await;
            let bound = app
                .issue_dedicated(&key, &template, json!({"access_code": true}))
                .await;
            let url = bound["url"].as_str().expect("a URL");
            let other_device = crate::support::client();
            let (status, _) = press_continue(&other_device, url).await;
            assert_eq!(status, 303, "the link is bound to another device");
            links.push((fresh, bound));
        }
        Self {
            links,
            key,
            template,
        }
    }
}

const SIZES: [(u32, u32); 2] = [(390, 844), (1280, 900)];
const LANGUAGES: [&str; 4] = ["en", "de", "fr", "es"];

/// Measures the page shown: (scrollWidth, innerWidth, the page's `lang`).
async fn measure(browser: &WebDriver) -> (i64, i64, String) {
    let script = "return [document.documentElement.scrollWidth, window.innerWidth, \
                  document.documentElement.lang];";
    let answer = browser
        .execute(script, Vec::new())
        .await
        .expect("the script runs");
    let values: Value = answer.json().clone();
    (
        values[0].as_i64().expect("scrollWidth"),
        values[1].as_i64().expect("innerWidth"),
        values[2].as_str().unwrap_or_default().to_owned(),
    )
}

/// Shows the page `name` at `url`; the wrong-code page by sending a wrong code.
async fn show(browser: &WebDriver, name: &str, url: &str) {
    browser.goto(url).await.expect("the page loads");
    if name == "wrong access code" {
        crate::browser::type_into(browser, "code", "NOT-THE-CODE").await;
        browser
            .find(By::Css("form.stack button[type=submit]"))
            .await
            .expect("the form's button")
            .click()
            .await
            .expect("submit");
        let refused = crate::support::eventually(crate::browser::PAGE_DEADLINE, || async {
            browser.find(By::Css(".flash-error")).await.is_ok()
        })
        .await;
        assert!(refused, "the wrong code is refused on the form");
    }
}

#[then(
    regex = r"^in a real browser at 390×844 and at 1280×900, in English, German, French and Spanish, these end-user pages have no horizontal overflow:$"
)]
async fn no_horizontal_overflow(world: &mut PortalWorld, step: &Step) {
    let names: Vec<String> = step
        .table
        .as_ref()
        .expect("a table of pages")
        .rows
        .iter()
        .skip(1)
        .map(|row| row[0].clone())
        .collect();
    let pages = Pages::issue(world).await;
    let expired = world
        .app()
        .await
        .issue_dedicated(
            &pages.key,
            &pages.template,
            json!({"expires_in_seconds": 1}),
        )
        .await;
    let expired_url = expired["url"].as_str().expect("a URL").to_owned();
    let gone = crate::support::eventually(std::time::Duration::from_secs(10), || async {
        reqwest::get(&expired_url)
            .await
            .is_ok_and(|r| r.status() == 410)
    })
    .await;
    assert!(gone, "the short link expires");
    let app_url = world.app().await.url("");
    let browser = world.end_user_browser("Measuring person").await;
    let user_agent = browser
        .execute("return navigator.userAgent;", Vec::new())
        .await
        .expect("the user agent")
        .json()
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let mut measured = 0;
    for (index, language) in LANGUAGES.iter().enumerate() {
        let override_language = json!({"userAgent": user_agent, "acceptLanguage": language});
        browser
            .cdp()
            .send_raw("Emulation.setUserAgentOverride", override_language)
            .await
            .expect("Accept-Language override");
        let (fresh, bound) = &pages.links[index];
        for (width, height) in SIZES {
            let metrics = json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600});
            browser
                .cdp()
                .send_raw("Emulation.setDeviceMetricsOverride", metrics)
                .await
                .expect("the screen size");
            for name in &names {
                let url = page_url(name, &app_url, fresh, bound, &expired);
                show(&browser, name, &url).await;
                let (scroll, inner, lang) = measure(&browser).await;
                assert_eq!(
                    inner,
                    i64::from(width),
                    "{name} in {language}: the viewport"
                );
                assert_eq!(&lang, language, "{name} is in {language}");
                assert!(
                    scroll <= inner,
                    "{name} in {language} at {width}×{height} overflows: scrollWidth {scroll} > innerWidth {inner}"
                );
                measured += 1;
            }
        }
    }
    assert_eq!(measured, names.len() * SIZES.len() * LANGUAGES.len());
}

/// Where the page `name` is shown.
fn page_url(name: &str, app: &str, fresh: &Value, bound: &Value, expired: &Value) -> String {
    let url = |link: &Value| link["url"].as_str().expect("a URL").to_owned();
    let inquiry = fresh["inquiry_id"].as_str().expect("an inquiry");
    match name {
        "Continue" => url(fresh),
        "access code" | "wrong access code" => url(bound),
        "expired link" => url(expired),
        "unknown link" => format!("{app}/l/this-link-matches-nothing-at-all"),
        "done" => format!("{app}/done?inquiry-id={inquiry}&status=completed"),
        "done failed" => format!("{app}/done?inquiry-id={inquiry}&status=failed"),
        "hosted flow details" => format!("{app}/sandbox/verify?inquiry-id={inquiry}"),
        other => panic!("no end-user page {other:?}"),
    }
}
