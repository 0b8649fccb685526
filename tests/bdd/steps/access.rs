//! Access on demand: access codes, one-time access links, session tokens for tenant
//! backends, and the tenant's policy for outdated inquiries.

use cucumber::{given, then, when};
use serde_json::json;

use crate::{
    steps::sandbox::{inquiry_of_link, provider_inquiry},
    support::{device::Page, sandbox::demo},
    world::PortalWorld,
};

fn access_code_of(world: &PortalWorld, link: &str) -> String {
    world.link(link)["access_code"]
        .as_str()
        .expect("the link has an access code")
        .to_owned()
}

async fn enter_code(world: &mut PortalWorld, code: &str) {
    let device = world.visitor_device();
    let form = device
        .page
        .form_with_button("Continue")
        .unwrap_or_else(|| panic!("no access code form: {}", device.page.body));
    device.submit(&form, None, &[("code", code)]).await;
}

#[when(expr = "they enter a wrong access code for {string}")]
async fn they_enter_a_wrong_code(world: &mut PortalWorld, link: String) {
    let right = access_code_of(world, &link);
    let wrong: String = right
        .chars()
        .map(|c| match c {
            '0'..='8' | 'a'..='y' | 'A'..='Y' => char::from(c as u8 + 1),
            '9' => '0',
            'z' => 'a',
            'Z' => 'A',
            other => other,
        })
        .collect();
    assert_ne!(wrong, right);
    enter_code(world, &wrong).await;
}

#[when(expr = "they enter the access code of {string}")]
async fn they_enter_the_code(world: &mut PortalWorld, link: String) {
    let code = access_code_of(world, &link);
    enter_code(world, &code).await;
}

#[when(expr = "they create a one-time access link for {string} in the portal")]
async fn they_create_an_access_link(world: &mut PortalWorld, link: String) {
    let (_, client) = world.current();
    let id = world.link(&link)["id"].as_str().expect("id").to_owned();
    let link_page = format!("/links/{id}");
    let app = world.app().await;
    let response = app
        .submit_form(
            &client,
            &link_page,
            &format!("{link_page}/access-link"),
            &[],
        )
        .await;
    // Post/Redirect/Get: the access link is shown once on the page the form redirects to.
    let (status, page) = app.follow(&client, response).await;
    assert_eq!(status, 200);
    let page = crate::support::device::unescape(&page);
    let shown = regex::Regex::new(
        r#"One-time access link</span><code class="copyable-value">([^<]+)</code>"#,
    )
    .expect("regex");
    let url = shown
        .captures(&page)
        .map(|c| c[1].to_owned())
        .unwrap_or_else(|| panic!("no access link on the page: {page}"));
    assert!(url.starts_with(&world.app().await.url("/a/")), "{url}");
    world.copied_url = Some(url);
}

#[when(expr = "{string} opens the one-time access link")]
async fn opens_the_access_link(world: &mut PortalWorld, person: String) {
    let url = world.copied_url.clone().expect("an access link");
    world.device(&person).await.open(&url).await;
}

#[when(expr = "{string} opens the one-time access link again")]
async fn opens_the_access_link_again(world: &mut PortalWorld, person: String) {
    opens_the_access_link(world, person).await;
}

async fn open_flow_with_token(world: &mut PortalWorld, person: &str, link: &str, token: String) {
    let inquiry = inquiry_of_link(world, link).await;
    let query = serde_urlencoded::to_string([
        ("inquiry-id", inquiry.as_str()),
        ("session-token", token.as_str()),
    ])
    .expect("query");
    world
        .device(person)
        .await
        .open(&format!("/sandbox/verify?{query}"))
        .await;
}

#[given(
    expr = "{string} opens the hosted flow of {string} with the session token the backend received"
)]
async fn opens_the_flow_with_the_issued_token(
    world: &mut PortalWorld,
    person: String,
    link: String,
) {
    let token = world.link(&link)["session_token"]
        .as_str()
        .expect("a session token at creation")
        .to_owned();
    open_flow_with_token(world, &person, &link, token).await;
}

#[when(expr = "{string} opens the hosted flow of {string} with the last session token")]
async fn opens_the_flow_with_the_last_token(world: &mut PortalWorld, person: String, link: String) {
    let token = world
        .session_tokens
        .last()
        .cloned()
        .expect("a session token");
    open_flow_with_token(world, &person, &link, token).await;
}

async fn ask_for_a_session_token(world: &mut PortalWorld, slug: &str, link: &str) {
    let inquiry = inquiry_of_link(world, link).await;
    let key = world.api_key(slug).await;
    let path = format!("/api/v1/inquiries/{inquiry}/session-token");
    let (status, answer) = world.app().await.api_post(&key, &path, &json!({})).await;
    if status == 200 {
        assert_eq!(answer["inquiry_id"], json!(inquiry), "{answer}");
        let token = answer["session_token"]
            .as_str()
            .expect("a token")
            .to_owned();
        let flow = answer["hosted_flow_url"].as_str().expect("a flow URL");
        assert!(flow.contains(&token) && flow.contains(&inquiry), "{flow}");
        world.session_tokens.push(token);
    }
    world.api_answer = Some((status, answer));
}

#[when(expr = "the backend of {string} asks for a session token for the inquiry of {string}")]
async fn asks_for_a_session_token(world: &mut PortalWorld, slug: String, link: String) {
    ask_for_a_session_token(world, &slug, &link).await;
}

#[when(expr = "the backend of {string} asks for a session token for the inquiry of {string} twice")]
async fn asks_twice(world: &mut PortalWorld, slug: String, link: String) {
    for _ in 0..2 {
        ask_for_a_session_token(world, &slug, &link).await;
        let (status, answer) = world.api_answer.clone().expect("an answer");
        assert_eq!(status, 200, "{answer}");
    }
}

#[then("every answer carries the session token the backend received with the link")]
async fn every_answer_carries_the_issued_token(world: &mut PortalWorld) {
    let issued = world
        .links
        .values()
        .find_map(|link| link["session_token"].as_str())
        .expect("a link issued with a session token")
        .to_owned();
    assert!(
        world.session_tokens.len() >= 3,
        "the issued one and two answers"
    );
    assert!(world.session_tokens.iter().all(|token| *token == issued));
}

#[then("every answer carries the same session token")]
async fn every_answer_carries_the_same_token(world: &mut PortalWorld) {
    let first = world.session_tokens.first().expect("an answer").clone();
    assert!(world.session_tokens.len() >= 2, "more than one answer");
    assert!(world.session_tokens.iter().all(|token| *token == first));
}

#[then(expr = "the backend's answer is {int} {string}")]
async fn the_backends_answer_is(world: &mut PortalWorld, status: u16, kind: String) {
    let (got, answer) = world.api_answer.clone().expect("an answer");
    assert_eq!(got, status, "{answer}");
    assert_eq!(answer["error"]["type"], json!(kind), "{answer}");
}

/// The owner opens the settings page, picks the action and saves the form as shown.
#[given(expr = "{string} sets the policy for outdated inquiries to {string}")]
async fn sets_the_policy(world: &mut PortalWorld, owner: String, action: String) {
    let client = world.signed_in_client(&owner).await;
    let app = world.app().await;
    let response = client.get(app.url("/settings")).send().await.expect("GET");
    let page = Page {
        status: response.status().as_u16(),
        url: response.url().to_string(),
        body: response.text().await.expect("body"),
        sent_to: None,
    };
    let form = page
        .form_with_button("Save settings")
        .unwrap_or_else(|| panic!("no settings form: {}", page.body));
    let mut fields = form.fields.clone();
    fields.retain(|(name, _)| name != "stale_version_action");
    fields.push(("stale_version_action".into(), action.clone()));
    let saved = client
        .post(app.url(&form.action))
        .form(&fields)
        .send()
        .await
        .expect("POST /settings");
    assert_eq!(saved.status(), 303, "the settings are saved");
    let shown = client.get(app.url("/settings")).send().await.expect("GET");
    let shown = Page {
        body: shown.text().await.expect("body"),
        ..Page::default()
    };
    assert_eq!(shown.field("stale_version_action"), Some(action));
}

#[then(
    expr = "the link {string} has moved to a new inquiry on the latest template version, with reference id {string}"
)]
async fn has_moved_to_a_new_inquiry(world: &mut PortalWorld, link: String, reference: String) {
    let first = world.link(&link)["inquiry_id"]
        .as_str()
        .expect("first")
        .to_owned();
    let current = inquiry_of_link(world, &link).await;
    assert_ne!(current, first, "the link moved to a new inquiry");
    let latest = demo(world.app().await).await.version_id;
    let old = provider_inquiry(world, &first).await;
    let new = provider_inquiry(world, &current).await;
    let version = |doc: &serde_json::Value| {
        doc["data"]["relationships"]["inquiry-template-version"]["data"]["id"].clone()
    };
    assert_eq!(version(&new), json!(latest));
    assert_ne!(version(&old), json!(latest));
    let attributes = &new["data"]["attributes"];
    assert_eq!(attributes["reference-id"], json!(reference));
    assert_eq!(
        attributes["fields"]["name-first"], old["data"]["attributes"]["fields"]["name-first"],
        "the same prefill"
    );
}

#[then(expr = "{string} sees in the audit trail of the link {string} that it was reissued")]
async fn the_trail_shows_the_reissue(world: &mut PortalWorld, member: String, link: String) {
    let first = world.link(&link)["inquiry_id"]
        .as_str()
        .expect("first")
        .to_owned();
    let current = inquiry_of_link(world, &link).await;
    let id = world.link(&link)["id"].as_str().expect("id").to_owned();
    let client = world.signed_in_client(&member).await;
    let app = world.app().await;
    let response = client
        .get(app.url(&format!("/audit?link={id}")))
        .send()
        .await
        .expect("GET /audit");
    assert_eq!(response.status(), 200);
    let page = crate::support::device::unescape(&response.text().await.expect("body"));
    assert!(page.contains("link.reissued"), "{page}");
    assert!(page.contains(&format!("{first} → {current}")), "{page}");
}
