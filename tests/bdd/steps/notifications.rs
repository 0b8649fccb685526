//! Notifications (DESIGN 13.3): links sent by email through a real SMTP server (aiosmtpd),
//! reminders, self-service recovery, and the sandbox's mailbox in a real browser.

use cucumber::{given, then, when};
use serde_json::json;
use thirtyfour::prelude::*;

use crate::{
    browser::{click_button, type_into, wait_for_heading},
    support::{links::CONTINUE_BUTTON, smtp::Received},
    world::PortalWorld,
};

#[given("the portal sends mail through a real SMTP server")]
async fn the_portal_sends_mail(world: &mut PortalWorld) {
    assert!(
        !world.app_started(),
        "the SMTP server must be set up before the portal starts"
    );
    world.smtp = Some(crate::support::smtp::SmtpServer::start());
}

#[given(
    expr = "the backend of {string} emails a dedicated link {string} for first name {string} to {string}"
)]
async fn emails_a_dedicated_link(
    world: &mut PortalWorld,
    slug: String,
    name: String,
    first: String,
    email: String,
) {
    let key = world.api_key(&slug).await;
    let template = world
        .sandbox_template
        .clone()
        .expect("a connected template");
    let request = json!({
        "kind": "dedicated", "template_id": template, "reference_id": name,
        "fields": {"name-first": first}, "send_to": {"email": email},
    });
    let (status, mut link) = world
        .app()
        .await
        .api_post(&key, "/api/v1/links", &request)
        .await;
    assert_eq!(status, 201, "issuing {name}: {link}");
    link["tenant"] = json!(slug);
    world.links.insert(name, link);
}

/// Waits for a message with `subject` to `email`; remembers its text part.
pub(crate) async fn receive(world: &mut PortalWorld, email: &str, subject: &str) -> Received {
    let smtp = world.smtp.as_ref().expect("a real SMTP server");
    let mut found = None;
    let arrived = crate::support::eventually(std::time::Duration::from_secs(20), || {
        let matching = smtp.received().into_iter().find(|message| {
            message.subject == subject && message.rcpt_tos.iter().any(|to| to == email)
        });
        let done = matching.is_some();
        if done {
            found = matching;
        }
        async move { done }
    })
    .await;
    assert!(
        arrived,
        "no email {subject:?} to {email}: {:?}",
        smtp.received()
    );
    let message = found.expect("the message");
    world.last_body = message.text.clone().unwrap_or_default();
    message
}

/// The first link in the text part that starts with `prefix`.
pub(crate) fn link_in(message: &Received, prefix: &str) -> String {
    message
        .text
        .as_deref()
        .unwrap_or_default()
        .split_whitespace()
        .find(|word| word.starts_with(prefix))
        .unwrap_or_else(|| panic!("no link {prefix}… in {message:?}"))
        .to_owned()
}

#[given(expr = "{string} receives an email {string} with the link {string}")]
#[then(expr = "{string} receives an email {string} with the link {string}")]
async fn receives_the_link(world: &mut PortalWorld, email: String, subject: String, link: String) {
    let url = world.link(&link)["url"].as_str().expect("a URL").to_owned();
    let message = receive(world, &email, &subject).await;
    assert_eq!(link_in(&message, &url), url);
    assert!(message.html.as_deref().unwrap_or_default().contains(&url));
    world.copied_url = Some(url);
}

#[then(expr = "{string} receives an email {string} with a one-time access link")]
async fn receives_an_access_link(world: &mut PortalWorld, email: String, subject: String) {
    let prefix = world.app().await.url("/a/");
    let message = receive(world, &email, &subject).await;
    let url = link_in(&message, &prefix);
    assert!(message.html.as_deref().unwrap_or_default().contains(&url));
    world.copied_url = Some(url);
}

#[when(expr = "{string} follows the link in that email")]
async fn follows_the_emailed_link(world: &mut PortalWorld, person: String) {
    let url = world.copied_url.clone().expect("a link from an email");
    world.device(&person).await.follow(&url).await;
}

#[when(expr = "{string} opens the link {string}")]
async fn opens_the_link(world: &mut PortalWorld, person: String, link: String) {
    let url = world.link(&link)["url"].as_str().expect("a URL").to_owned();
    world.device(&person).await.open(&url).await;
}

#[when(expr = "they press {string}")]
async fn they_press(world: &mut PortalWorld, label: String) {
    let device = world.visitor_device();
    let form = device
        .page
        .form_with_button(&label)
        .unwrap_or_else(|| panic!("no button {label:?}: {}", device.page.body));
    device.submit(&form, None, &[]).await;
}

#[then(expr = "the audit trail of the link {string} records {string}")]
async fn the_trail_records(world: &mut PortalWorld, link: String, action: String) {
    let id = world.link(&link)["id"].as_str().expect("id").to_owned();
    let count = world
        .app()
        .await
        .count_rows(&format!(
            "audit_events WHERE action = '{action}' AND subject = 'link:{id}'"
        ))
        .await;
    assert_eq!(count, 1);
}

#[given(expr = "the links {string} and {string} were issued a week ago and expire in {int} hours")]
#[when(expr = "the links {string} and {string} were issued a week ago and expire in {int} hours")]
async fn issued_a_week_ago(world: &mut PortalWorld, first: String, second: String, hours: i64) {
    let now = inquiry_portal::db::now();
    for name in [first, second] {
        let id = world.link(&name)["id"].as_str().expect("id").to_owned();
        let sql = format!(
            "UPDATE links SET created_at = {}, expires_at = {} WHERE public_id = '{id}'",
            now - 7 * 86_400,
            now + hours * 3600
        );
        sea_orm::ConnectionTrait::execute_unprepared(&world.app().await.db.connection, &sql)
            .await
            .expect("backdate the link");
    }
}

#[when("the reminder job runs twice")]
async fn the_reminder_job_runs_twice(world: &mut PortalWorld) {
    let app = world.app().await;
    for _ in 0..2 {
        inquiry_portal::links::reminders::queue_due(&app.state)
            .await
            .expect("the reminder job");
    }
}

#[then(expr = "{int} emails were sent in all")]
async fn emails_in_all(world: &mut PortalWorld, count: usize) {
    let smtp = world.smtp.as_ref().expect("a real SMTP server");
    smtp.wait_for(count).await;
    let more = crate::support::eventually(std::time::Duration::from_millis(500), || async {
        smtp.received().len() > count
    })
    .await;
    assert!(!more, "more emails than {count}: {:?}", smtp.received());
}

fn tenant_browser(world: &PortalWorld) -> WebDriver {
    world.browser.clone().expect("a tenant member's browser")
}

#[when(
    expr = "they issue a dedicated link in the browser with reference id {string} and first name {string}, sent by email to {string}"
)]
async fn issues_and_sends_in_the_browser(
    world: &mut PortalWorld,
    reference: String,
    first: String,
    email: String,
) {
    let url = world.app().await.url("/links/new?kind=dedicated");
    let browser = tenant_browser(world);
    browser.goto(url).await.expect("open the form");
    wait_for_heading(&browser, "New dedicated link").await;
    type_into(&browser, "reference_id", &reference).await;
    type_into(&browser, "fields[name-first]", &first).await;
    type_into(&browser, "send_to", &email).await;
    click_button(&browser, "Issue link").await;
}

#[when(expr = "they open the message {string} in the sandbox's mailbox in the browser")]
async fn opens_the_mailbox(world: &mut PortalWorld, subject: String) {
    let url = world.app().await.url("/sandbox/mailbox");
    let browser = tenant_browser(world);
    browser.goto(url).await.expect("open the mailbox");
    wait_for_heading(&browser, "Outbox").await;
    browser
        .find(By::LinkText(&subject))
        .await
        .expect("the message in the list")
        .click()
        .await
        .expect("open the message");
    wait_for_heading(&browser, &subject).await;
}

#[when("they click the link in the message in the browser")]
async fn clicks_the_link(world: &mut PortalWorld) {
    let browser = tenant_browser(world);
    browser
        .find(By::Css("a.message-link"))
        .await
        .expect("a clickable link")
        .click()
        .await
        .expect("click the link");
}

#[when(expr = "they press Continue, confirm their details and choose {string} in the browser")]
async fn continues_to_the_end(world: &mut PortalWorld, choice: String) {
    let browser = tenant_browser(world);
    wait_for_heading(&browser, "Verify your identity").await;
    click_button(&browser, CONTINUE_BUTTON).await;
    wait_for_heading(&browser, "Confirm your details").await;
    click_button(&browser, "Start verification").await;
    wait_for_heading(&browser, "Verify your document").await;
    click_button(&browser, &choice).await;
}

#[then(expr = "the browser shows the heading {string}")]
async fn shows_the_heading(world: &mut PortalWorld, title: String) {
    wait_for_heading(&tenant_browser(world), &title).await;
}
