//! The link's language on its page, and on every hosted-flow URL the portal hands a tenant
//! for it (DESIGN 13.6): the link page's session token, the form's and the API's.

use serde_json::{json, Value};

use crate::support::{client, csrf_token, form_key_for, links::query_param, spawn_app, TestApp};

async fn page_at(http: &reqwest::Client, app: &TestApp, path: &str) -> String {
    http.get(app.url(path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// The hosted-flow URL on a link page that shows one-time secrets.
fn shown_flow_url(page: &str) -> String {
    let at = page
        .find("/sandbox/verify?")
        .expect("a hosted flow URL on the page");
    let start = page[..at].rfind("http").expect("an absolute URL");
    let end = at + page[at..].find(['"', '<']).expect("the URL's end");
    page[start..end].replace("&amp;", "&")
}

async fn api_flow_url(app: &TestApp, key: &str, link: &Value) -> String {
    let inquiry = link["inquiry_id"].as_str().expect("an inquiry");
    let path = format!("/api/v1/inquiries/{inquiry}/session-token");
    let (status, answer) = app.api_post(key, &path, &json!({})).await;
    assert_eq!(status, 200, "{answer}");
    answer["hosted_flow_url"]
        .as_str()
        .expect("a URL")
        .to_owned()
}

#[tokio::test]
async fn the_link_page_names_the_links_language_or_says_the_browser_decides() {
    let app = spawn_app().await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let template = app.connect_demo_template(&tenant).await;
    let key = app.api_key(&tenant).await;
    let template = template.provider_template_id.as_str();
    let german = app
        .issue_dedicated(&key, template, json!({"language": "de"}))
        .await;
    let plain = app.issue_dedicated(&key, template, json!({})).await;
    let owner = client();
    app.login(&owner, "owner@acme.test").await;
    let german_page = page_at(
        &owner,
        &app,
        &format!("/links/{}", german["id"].as_str().unwrap()),
    )
    .await;
    assert!(
        german_page.contains("<dt>Language</dt><dd>Deutsch (German)</dd>"),
        "{german_page}"
    );
    let plain_page = page_at(
        &owner,
        &app,
        &format!("/links/{}", plain["id"].as_str().unwrap()),
    )
    .await;
    assert!(plain_page.contains("<dt>Language</dt><dd>The person's browser decides</dd>"));
}

#[tokio::test]
async fn every_flow_url_handed_out_for_a_link_with_a_language_carries_it() {
    let app = spawn_app().await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let template = app.connect_demo_template(&tenant).await;
    let key = app.api_key(&tenant).await;
    let template = template.provider_template_id.as_str();
    let german = app
        .issue_dedicated(&key, template, json!({"language": "de"}))
        .await;
    let plain = app.issue_dedicated(&key, template, json!({})).await;

    // The tenant API's resume endpoint, answered from the database and then from memory.
    for _ in 0..2 {
        let url = api_flow_url(&app, &key, &german).await;
        assert_eq!(
            query_param(&url, "language").as_deref(),
            Some("de"),
            "{url}"
        );
        assert!(query_param(&url, "session-token").is_some());
    }
    let url = api_flow_url(&app, &key, &plain).await;
    assert_eq!(
        query_param(&url, "language"),
        None,
        "no language: the flow asks the browser"
    );

    // The link page's "Generate session token".
    let owner = client();
    app.login(&owner, "owner@acme.test").await;
    let id = german["id"].as_str().unwrap();
    let page = page_at(&owner, &app, &format!("/links/{id}")).await;
    let action = format!("/links/{id}/session-token");
    let form_key = form_key_for(&page, &action).expect("the button's key");
    let generated = owner
        .post(app.url(&action))
        .form(&[("csrf_token", csrf_token(&page)), ("form_key", form_key)])
        .send()
        .await
        .unwrap();
    let (status, shown) = app.follow(&owner, generated).await;
    assert_eq!(status, 200);
    let url = shown_flow_url(&shown);
    assert_eq!(
        query_param(&url, "language").as_deref(),
        Some("de"),
        "{url}"
    );

    // The issue form with "Also create a session token now".
    let issued = app
        .submit_form(
            &owner,
            "/links/new",
            "/links",
            &[
                ("kind", "dedicated"),
                ("template_id", template),
                ("lifetime", "86400"),
                ("language", "fr"),
                ("issue_session_token", "true"),
            ],
        )
        .await;
    let (status, shown) = app.follow(&owner, issued).await;
    assert_eq!(status, 200);
    let url = shown_flow_url(&shown);
    assert_eq!(
        query_param(&url, "language").as_deref(),
        Some("fr"),
        "{url}"
    );
}
