//! First contact with end-user links (DESIGN 13.1): mail scanners, link previews and
//! antivirus GET and HEAD links before the person does. Those requests answer a Continue
//! page and change nothing; the person's press of Continue (a POST to the same URL) binds,
//! creates or consumes, then 303s into the hosted flow.

use reqwest::{Method, Response};
use serde_json::{json, Value};

use crate::support::{
    bare_client,
    links::{browser, click, is_continue_page, press_continue, query_param, CONTINUE_BUTTON},
    location_header, spawn_app, TestApp,
};

/// User agents of link protection, chat previews and search previews.
const SCANNER_AGENTS: [&str; 3] = [
    "Mozilla/5.0 (compatible; LinkProtect/2.1; +https://gateway.example)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) \
     Chrome/120.0 Safari/537.36 BingPreview/1.0b",
];

/// What a link scanner looks like: no cookies kept, redirects not followed, a user agent
/// of its own.
fn scanner_as(agent: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .user_agent(agent)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("scanner client")
}

fn scanner() -> reqwest::Client {
    scanner_as(SCANNER_AGENTS[0])
}

async fn setup(app: &TestApp) -> (String, String) {
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let template = app.connect_demo_template(&tenant).await;
    (app.api_key(&tenant).await, template.provider_template_id)
}

async fn static_link(app: &TestApp, key: &str, template: &str) -> Value {
    let (status, link) = app
        .api_post(
            key,
            "/api/v1/links",
            &json!({"kind": "static", "template_id": template}),
        )
        .await;
    assert_eq!(status, 201, "{link}");
    link
}

async fn access_link(app: &TestApp, key: &str, link: &Value) -> String {
    let inquiry = link["inquiry_id"].as_str().expect("an inquiry");
    let (status, minted) = app
        .api_post(
            key,
            &format!("/api/v1/inquiries/{inquiry}/access-link"),
            &json!({}),
        )
        .await;
    assert_eq!(status, 201, "{minted}");
    minted["url"].as_str().expect("url").to_owned()
}

fn path_of(url: &str) -> String {
    url::Url::parse(url).expect("a URL").path().to_owned()
}

async fn send(client: &reqwest::Client, method: Method, url: &str) -> Response {
    client
        .request(method, url)
        .send()
        .await
        .expect("the portal answers")
}

/// Scanners GET and HEAD `url` three times each: every answer is the Continue page
/// (HEAD: its status and headers, without the body), and nothing changes anywhere.
async fn scan(app: &TestApp, url: &str) {
    let before = app.footprint().await;
    for agent in SCANNER_AGENTS {
        let scanner = scanner_as(agent);
        let got = send(&scanner, Method::GET, url).await;
        assert_eq!(got.status(), 200);
        let page = got.text().await.expect("body");
        assert!(is_continue_page(&page, &path_of(url)), "{page}");
        let head = send(&scanner, Method::HEAD, url).await;
        assert_eq!(head.status(), 200);
        assert_eq!(head.headers()["cache-control"], "no-store");
        assert_eq!(head.headers()["referrer-policy"], "no-referrer");
        assert!(head.bytes().await.expect("body").is_empty());
    }
    assert_eq!(app.footprint().await, before, "a scan changed something");
    assert_eq!(app.state.clicks.pending_links(), 0, "no click was counted");
}

#[tokio::test]
async fn a_scanner_on_an_unbound_dedicated_link_changes_nothing_and_the_persons_press_binds_their_browser(
) {
    let app = spawn_app().await;
    let (key, template) = setup(&app).await;
    let link = app.issue_dedicated(&key, &template, json!({})).await;
    let url = link["url"].as_str().unwrap();
    scan(&app, url).await;

    let person = browser();
    let before = app.footprint().await;
    let (status, page) = click(&person, url).await;
    assert_eq!(status, 200);
    assert!(is_continue_page(&page, &path_of(url)));
    let (status, location) = press_continue(&person, url).await;
    assert_eq!(status, 303, "{location}");
    assert!(
        location.starts_with(&app.url("/sandbox/verify")),
        "{location}"
    );
    assert_eq!(
        query_param(&location, "inquiry-id").as_deref(),
        link["inquiry_id"].as_str()
    );
    assert_eq!(
        app.footprint().await.bound_browsers,
        before.bound_browsers + 1
    );

    // The bound browser goes straight on, one hop, from now on.
    for _ in 0..2 {
        let (status, again) = click(&person, url).await;
        assert_eq!(status, 302);
        assert_eq!(again, location);
    }
    // And the scanner, which now would be a second browser, is told so without a change.
    let before = app.footprint().await;
    let (status, body) = click(&scanner(), url).await;
    assert_eq!(status, 403);
    assert!(body.contains("Continue on the device where you started"));
    assert_eq!(app.footprint().await, before);
}

#[tokio::test]
async fn a_scanner_on_a_static_link_creates_no_inquiry_and_the_persons_press_creates_one() {
    let app = spawn_app().await;
    let (key, template) = setup(&app).await;
    let link = static_link(&app, &key, &template).await;
    let url = link["url"].as_str().unwrap();
    scan(&app, url).await;
    assert_eq!(app.footprint().await.provider_inquiries_created, 0);

    let person = browser();
    let (status, page) = click(&person, url).await;
    assert_eq!(status, 200);
    assert!(is_continue_page(&page, &path_of(url)));
    let (status, location) = press_continue(&person, url).await;
    assert_eq!(status, 303, "{location}");
    let inquiry = query_param(&location, "inquiry-id").expect("an inquiry");
    let after = app.footprint().await;
    assert_eq!(after.provider_inquiries_created, 1);
    assert_eq!((after.inquiries, after.bound_browsers), (1, 1));

    // The person's browser now has an inquiry of its own: its GET goes straight back to it.
    let (status, again) = click(&person, url).await;
    assert_eq!(status, 302);
    assert_eq!(query_param(&again, "inquiry-id"), Some(inquiry));
    // Another scan still creates nothing.
    scan(&app, url).await;
}

#[tokio::test]
async fn previews_of_a_one_time_access_link_leave_it_unused_and_the_persons_press_spends_it() {
    let app = spawn_app().await;
    let (key, template) = setup(&app).await;
    let link = app.issue_dedicated(&key, &template, json!({})).await;
    let access = access_link(&app, &key, &link).await;
    scan(&app, &access).await;
    assert_eq!(app.footprint().await.used_access_links, 0);

    let person = browser();
    let (status, page) = click(&person, &access).await;
    assert_eq!(status, 200);
    assert!(is_continue_page(&page, &path_of(&access)), "{page}");
    assert!(page.contains("works once"), "{page}");
    let (status, location) = press_continue(&person, &access).await;
    assert_eq!(status, 303, "{location}");
    assert_eq!(
        query_param(&location, "inquiry-id").as_deref(),
        link["inquiry_id"].as_str()
    );
    assert_eq!(app.footprint().await.used_access_links, 1);

    // Spent: a GET, a HEAD and another press all get 410.
    assert_eq!(click(&person, &access).await.0, 410);
    assert_eq!(send(&scanner(), Method::HEAD, &access).await.status(), 410);
    assert_eq!(press_continue(&browser(), &access).await.0, 410);
    // The browser it bound continues through the link itself.
    assert_eq!(click(&person, link["url"].as_str().unwrap()).await.0, 302);
}

#[tokio::test]
async fn the_continue_page_names_the_tenant_and_is_a_plain_form_that_posts_to_the_link() {
    let app = spawn_app().await;
    let (key, template) = setup(&app).await;
    let link = app.issue_dedicated(&key, &template, json!({})).await;
    let url = link["url"].as_str().unwrap();
    let response = send(&scanner(), Method::GET, url).await;
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert_eq!(response.headers()["referrer-policy"], "no-referrer");
    assert!(response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("default-src 'self'"));
    let page = response.text().await.unwrap();
    assert!(page.contains("Tenant acme"), "{page}");
    assert!(page.contains("What happens next"), "{page}");
    assert!(page.contains(CONTINUE_BUTTON));
    assert_eq!(page.matches("<form").count(), 1, "one form");
    assert_eq!(page.matches("<button").count(), 1, "one button");
    assert!(page.contains(r#"<button class="button button-primary button-wide" type="submit">"#));
    // Nothing that would send the form, or the browser on, without the person.
    for forbidden in [
        "autofocus",
        "http-equiv",
        "onload",
        "<script>",
        "csrf_token",
    ] {
        assert!(!page.contains(forbidden), "{forbidden} in {page}");
    }
}

#[tokio::test]
async fn a_continue_post_from_another_site_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let (key, template) = setup(&app).await;
    let dedicated = app.issue_dedicated(&key, &template, json!({})).await;
    let access = access_link(&app, &key, &dedicated).await;
    let published = static_link(&app, &key, &template).await;
    let urls = [
        dedicated["url"].as_str().unwrap().to_owned(),
        published["url"].as_str().unwrap().to_owned(),
        access,
    ];
    let before = app.footprint().await;
    let person = browser();
    for url in &urls {
        let response = person
            .post(url)
            .header("sec-fetch-site", "cross-site")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{url}");
        assert_eq!(response.headers()["cache-control"], "no-store");
        assert_eq!(response.headers()["referrer-policy"], "no-referrer");
        assert!(location_header(&response).is_none());
        let page = response.text().await.unwrap();
        assert!(page.contains("nothing was started"), "{page}");
    }
    assert_eq!(app.footprint().await, before);
    // The same press from the portal's own page (or a browser that sends no such header).
    for url in &urls {
        assert_eq!(press_continue(&browser(), url).await.0, 303, "{url}");
    }
    assert_eq!(
        bare_client().post(&urls[1]).send().await.unwrap().status(),
        303,
        "a browser without Sec-Fetch-Site"
    );
}

/// GET and HEAD of `url` by `client`: the same status and headers, HEAD without a body.
async fn assert_head_mirrors_get(client: &reqwest::Client, url: &str, status: u16) {
    let got = send(client, Method::GET, url).await;
    let head = send(client, Method::HEAD, url).await;
    assert_eq!(got.status(), status, "GET {url}");
    assert_eq!(head.status(), status, "HEAD {url}");
    for name in [
        "content-type",
        "content-length",
        "location",
        "cache-control",
        "referrer-policy",
    ] {
        assert_eq!(
            head.headers().get(name),
            got.headers().get(name),
            "{name} of {url}"
        );
    }
    assert!(
        head.bytes().await.unwrap().is_empty(),
        "HEAD {url} has a body"
    );
}

#[tokio::test]
async fn head_answers_the_status_and_headers_of_get_without_a_body() {
    let app = spawn_app().await;
    let (key, template) = setup(&app).await;
    let link = app.issue_dedicated(&key, &template, json!({})).await;
    let url = link["url"].as_str().unwrap();
    assert_head_mirrors_get(&scanner(), url, 200).await;

    let person = browser();
    assert_eq!(press_continue(&person, url).await.0, 303);
    let before = app.footprint().await;
    assert_head_mirrors_get(&person, url, 302).await;
    let after = app.footprint().await;
    assert_eq!(
        after.clicks,
        before.clicks + 1,
        "the GET counted, the HEAD not"
    );

    let short = app
        .issue_dedicated(&key, &template, json!({"expires_in_seconds": 1}))
        .await;
    let short_url = short["url"].as_str().unwrap().to_owned();
    let expired = crate::support::eventually(std::time::Duration::from_secs(5), || async {
        click(&browser(), &short_url).await.0 == 410
    })
    .await;
    assert!(expired);
    assert_head_mirrors_get(&scanner(), &short_url, 410).await;
    assert_head_mirrors_get(
        &scanner(),
        &app.url("/l/unknownunknownunknownunknown1234"),
        404,
    )
    .await;
    assert_head_mirrors_get(
        &scanner(),
        &app.url("/a/unknownunknownunknownunknown1234"),
        404,
    )
    .await;
}

#[tokio::test]
async fn a_link_open_to_anyone_shows_every_browser_not_yet_bound_the_continue_page_first() {
    let app = spawn_app().await;
    let (key, template) = setup(&app).await;
    let link = app
        .issue_dedicated(&key, &template, json!({"resume_on_click": "anyone"}))
        .await;
    let url = link["url"].as_str().unwrap();
    let first = browser();
    assert_eq!(press_continue(&first, url).await.0, 303);
    // A second browser (or a scanner) is not started on its own: it sees Continue too.
    scan(&app, url).await;
    let second = browser();
    let before = app.footprint().await;
    assert_eq!(press_continue(&second, url).await.0, 303);
    assert_eq!(
        app.footprint().await.bound_browsers,
        before.bound_browsers + 1
    );
    assert_eq!(click(&second, url).await.0, 302);
    assert_eq!(click(&first, url).await.0, 302);
}

#[tokio::test]
async fn a_link_to_finish_in_one_sitting_shows_its_first_browser_the_continue_page() {
    let app = spawn_app().await;
    let (key, template) = setup(&app).await;
    let link = app
        .issue_dedicated(&key, &template, json!({"resume_on_click": "never"}))
        .await;
    let url = link["url"].as_str().unwrap();
    scan(&app, url).await;
    let (_, page) = click(&scanner(), url).await;
    assert!(page.contains("finish in one sitting"), "{page}");
    let person = browser();
    let (status, location) = press_continue(&person, url).await;
    assert_eq!(status, 303);
    assert!(query_param(&location, "session-token").is_none());
    let before = app.footprint().await;
    let (status, body) = click(&browser(), url).await;
    assert_eq!(status, 403);
    assert!(body.contains("Continue on the device where you started"));
    assert_eq!(app.footprint().await, before);
}

#[tokio::test]
async fn other_methods_on_an_end_user_link_are_not_allowed() {
    let app = spawn_app().await;
    let (key, template) = setup(&app).await;
    let link = app.issue_dedicated(&key, &template, json!({})).await;
    let before = app.footprint().await;
    for method in [Method::PUT, Method::DELETE, Method::PATCH] {
        let status = send(&scanner(), method.clone(), link["url"].as_str().unwrap())
            .await
            .status();
        assert_eq!(status, 405, "{method}");
    }
    assert_eq!(app.footprint().await, before);
}
