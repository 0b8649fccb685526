//! The sandbox's embedded flow under `/sandbox/widget`, driven as the SDK's iframe would
//! drive it: the SDK's query parameters, then the flow's own form posts.

use serde_json::{json, Value};

use crate::support::{
    client,
    sandbox::{create_inquiry, inquiry_id, post_empty, stats, status_of},
    spawn_app_with, TestApp,
};

const APP_ORIGIN: &str = "https://app.example";

async fn spawn() -> TestApp {
    spawn_app_with(|settings| settings.sandbox_embed_origins = vec![APP_ORIGIN.into()]).await
}

fn widget_path(pairs: &[(&str, &str)]) -> String {
    let mut all = vec![
        ("iframe-origin", APP_ORIGIN),
        ("container-id", "persona-widget-test1"),
    ];
    all.extend_from_slice(pairs);
    format!(
        "/sandbox/widget?{}",
        serde_urlencoded::to_string(all).unwrap()
    )
}

struct Page {
    status: u16,
    csp: String,
    frame_options: Option<String>,
    /// `Referrer-Policy` and `Cache-Control`: the address carries a session token.
    referrer_and_cache: (Option<String>, Option<String>),
    html: String,
}

impl Page {
    async fn from(response: reqwest::Response) -> Self {
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .map(|value| value.to_str().unwrap().to_owned())
        };
        let csp = header("content-security-policy").unwrap_or_default();
        let frame_options = header("x-frame-options");
        let referrer_and_cache = (header("referrer-policy"), header("cache-control"));
        Self {
            status: response.status().as_u16(),
            csp,
            frame_options,
            referrer_and_cache,
            html: response.text().await.unwrap(),
        }
    }

    /// The value of the first `name="…"` attribute (maud escapes `&`, `<`, `>` and `"`).
    fn attribute(&self, name: &str) -> Option<String> {
        let marker = format!("{name}=\"");
        let start = self.html.find(&marker)? + marker.len();
        let end = self.html[start..].find('"')? + start;
        Some(
            self.html[start..end]
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&"),
        )
    }

    /// The messages the page posts to the framing page when it loads.
    fn messages(&self) -> Vec<Value> {
        let text = self.attribute("data-messages").expect("data-messages");
        serde_json::from_str(&text).unwrap()
    }

    fn names(&self) -> Vec<String> {
        self.messages()
            .iter()
            .map(|message| message["name"].as_str().unwrap().to_owned())
            .collect()
    }

    fn exit(&self) -> Value {
        serde_json::from_str(&self.attribute("data-exit").expect("data-exit")).unwrap()
    }

    /// The hidden inputs a form post carries on.
    fn hidden_fields(&self) -> Vec<(String, String)> {
        self.html
            .split("<input type=\"hidden\" ")
            .skip(1)
            .filter_map(|rest| {
                let name = rest.split("name=\"").nth(1)?.split('"').next()?;
                let value = rest.split("value=\"").nth(1)?.split('"').next()?;
                Some((name.to_owned(), value.replace("&amp;", "&")))
            })
            .collect()
    }
}

async fn open(app: &TestApp, pairs: &[(&str, &str)]) -> Page {
    let response = client()
        .get(app.url(&widget_path(pairs)))
        .send()
        .await
        .unwrap();
    Page::from(response).await
}

async fn post_step(app: &TestApp, page: &Page, step: &str, extra: &[(&str, &str)]) -> Page {
    let inquiry = page.exit()["metadata"]["inquiryId"]
        .as_str()
        .expect("the page knows its inquiry")
        .to_owned();
    let mut form = page.hidden_fields();
    form.extend(
        extra
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    let response = client()
        .post(app.url(&format!("/sandbox/widget/{inquiry}/{step}")))
        .header("sec-fetch-site", "same-origin")
        .form(&form)
        .send()
        .await
        .unwrap();
    Page::from(response).await
}

async fn inquiry_with_token(app: &TestApp) -> (String, String) {
    let document = create_inquiry(
        app,
        json!({"fields": {"name-first": "Ana"}}),
        json!({"auto-create-inquiry-session": true}),
    )
    .await;
    let token = document["meta"]["session-token"]
        .as_str()
        .expect("a session token")
        .to_owned();
    (inquiry_id(&document), token)
}

#[tokio::test]
async fn the_widget_may_be_framed_by_the_portal_and_the_configured_origins_and_by_no_one_else() {
    let app = spawn().await;
    let id = inquiry_id(&create_inquiry(&app, json!({}), json!({})).await);
    let page = open(&app, &[("inquiry-id", &id)]).await;
    assert_eq!(page.status, 200);
    assert!(
        page.csp
            .contains(&format!("frame-ancestors {} {APP_ORIGIN};", app.address)),
        "{}",
        page.csp
    );
    assert_eq!(page.frame_options, None, "no X-Frame-Options: DENY here");
    assert!(page.csp.contains("object-src 'none'") && page.csp.contains("base-uri 'none'"));
    assert_eq!(
        page.referrer_and_cache,
        (Some("no-referrer".into()), Some("no-store".into()))
    );
    assert_eq!(page.attribute("data-iframe-origin").unwrap(), APP_ORIGIN);

    let mut elsewhere = widget_path(&[("inquiry-id", &id)]);
    elsewhere = elsewhere.replace("app.example", "evil.example");
    let refused = Page::from(client().get(app.url(&elsewhere)).send().await.unwrap()).await;
    assert_eq!(refused.status, 400);
    assert!(refused.csp.contains("frame-ancestors 'none'"));
    assert_eq!(refused.frame_options.as_deref(), Some("DENY"));
    assert!(
        refused.attribute("data-messages").is_none(),
        "nothing is posted"
    );

    let hosted = client()
        .get(app.url(&format!("/sandbox/verify?inquiry-id={id}")))
        .send()
        .await
        .unwrap();
    let hosted = Page::from(hosted).await;
    assert!(hosted.csp.contains("frame-ancestors 'none'"));
    assert_eq!(hosted.frame_options.as_deref(), Some("DENY"));
}

#[tokio::test]
async fn a_pending_inquiry_opens_in_the_widget_only_with_a_valid_session_token_and_keeps_its_session(
) {
    let app = spawn().await;
    let (id, token) = inquiry_with_token(&app).await;
    let sessions_before = stats(&app).await["sessions_created"].clone();
    let details = open(&app, &[("inquiry-id", &id), ("session-token", &token)]).await;
    assert_eq!(details.status, 200);
    assert_eq!(details.names(), ["load", "ready"]);
    assert!(
        details.html.contains("value=\"Ana\""),
        "the prefill is shown"
    );
    assert_eq!(details.messages()[0]["containerId"], "persona-widget-test1");

    let document = post_step(&app, &details, "details", &[("name-first", "Ana")]).await;
    assert_eq!(document.status, 200);
    assert!(document.html.contains("Simulate pass"));
    assert_eq!(document.names(), ["start"]);
    assert_eq!(document.messages()[0]["metadata"]["inquiryId"], json!(id));
    assert_eq!(status_of(&app, &id).await, "pending");
    assert_eq!(
        stats(&app).await["sessions_created"],
        sessions_before,
        "one token, one session: starting opened no second one"
    );
    assert_eq!(
        document.exit()["metadata"],
        json!({"inquiryId": id, "sessionToken": token})
    );

    let without = open(&app, &[("inquiry-id", &id)]).await;
    assert_eq!(without.status, 403);
    assert_eq!(without.names(), ["load", "error"]);
    assert_eq!(without.messages()[1]["error"]["code"], "unauthenticated");
    let wrong = open(
        &app,
        &[("inquiry-id", &id), ("session-token", "not-the-token")],
    )
    .await;
    assert_eq!(wrong.status, 403);
    let again = open(&app, &[("inquiry-id", &id), ("session-token", &token)]).await;
    assert_eq!(again.status, 200);
    assert!(again.html.contains("Simulate pass"));

    let done = post_step(&app, &again, "document", &[("outcome", "pass")]).await;
    assert_eq!(done.status, 200);
    assert_eq!(done.names(), ["complete"]);
    let complete = &done.messages()[0];
    assert_eq!(complete["metadata"]["inquiryId"], json!(id));
    assert_eq!(complete["metadata"]["status"], "completed");
    assert_eq!(
        complete["metadata"]["fields"]["name-first"],
        json!({"type": "string", "value": "Ana"})
    );
    assert_eq!(status_of(&app, &id).await, "completed");
}

#[tokio::test]
async fn a_step_posted_without_the_session_token_changes_nothing() {
    let app = spawn().await;
    let (id, token) = inquiry_with_token(&app).await;
    let details = open(&app, &[("inquiry-id", &id), ("session-token", &token)]).await;
    let document = post_step(&app, &details, "details", &[]).await;
    let stripped = Page {
        html: document.html.replace(&token, ""),
        ..document
    };
    let refused = post_step(&app, &stripped, "document", &[("outcome", "pass")]).await;
    assert_eq!(refused.status, 403);
    assert_eq!(refused.names(), ["error"]);
    assert_eq!(status_of(&app, &id).await, "pending");
}

#[tokio::test]
async fn a_created_inquiry_started_in_the_widget_without_a_token_reports_its_new_token_on_exit() {
    let app = spawn().await;
    let id = inquiry_id(&create_inquiry(&app, json!({}), json!({})).await);
    let details = open(&app, &[("inquiry-id", &id)]).await;
    assert_eq!(details.exit()["metadata"], json!({"inquiryId": id}));
    let document = post_step(&app, &details, "details", &[]).await;
    let token = document.exit()["metadata"]["sessionToken"]
        .as_str()
        .expect("the new session's token")
        .to_owned();
    let reopened = open(&app, &[("inquiry-id", &id), ("session-token", &token)]).await;
    assert_eq!(
        reopened.status, 200,
        "the reported token continues the flow"
    );
}

#[tokio::test]
async fn an_expired_inquiry_answers_with_an_error_message_for_the_app() {
    let app = spawn().await;
    let (id, token) = inquiry_with_token(&app).await;
    let expired = post_empty(&app, &format!("/inquiries/{id}/expire")).await;
    assert_eq!(expired.status(), 200);
    let page = open(&app, &[("inquiry-id", &id), ("session-token", &token)]).await;
    assert_eq!(page.status, 403);
    assert_eq!(page.names(), ["load", "error"]);
    let error = &page.messages()[1]["error"];
    assert_eq!(error["code"], "unauthenticated");
    assert_eq!(error["status"], 409);
}

#[tokio::test]
async fn unknown_or_missing_ids_answer_with_an_invalid_config_message() {
    let app = spawn().await;
    for pairs in [
        vec![("inquiry-id", "inq_doesnotexist")],
        vec![("inquiry-id", "not an id")],
        vec![],
        vec![("inquiry-template-id", "itmpl_doesnotexist")],
    ] {
        let page = open(&app, &pairs).await;
        assert!(page.status == 400 || page.status == 404, "{pairs:?}");
        assert_eq!(page.names(), ["load", "error"], "{pairs:?}");
        assert_eq!(page.messages()[1]["error"]["code"], "invalid_config");
    }
}

#[tokio::test]
async fn opening_the_widget_with_a_template_creates_an_inquiry_with_the_sdks_fields() {
    let app = spawn().await;
    let template = crate::support::sandbox::demo(&app).await.template_id;
    let page = open(
        &app,
        &[
            ("inquiry-template-id", &template),
            ("reference-id", "user-7"),
            ("fields[name-first]", "Bea"),
            ("fields[name-last][value]", "Silva"),
        ],
    )
    .await;
    assert_eq!(page.status, 200);
    assert_eq!(page.names(), ["load", "ready"]);
    assert_eq!(page.messages()[0]["templateId"], json!(template));
    assert!(page.html.contains("value=\"Bea\"") && page.html.contains("value=\"Silva\""));
    let id = page.exit()["metadata"]["inquiryId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(status_of(&app, &id).await, "created");
}

#[tokio::test]
async fn a_cross_site_post_to_the_widget_is_refused() {
    let app = spawn().await;
    let (id, token) = inquiry_with_token(&app).await;
    let response = client()
        .post(app.url(&format!("/sandbox/widget/{id}/details")))
        .header("sec-fetch-site", "cross-site")
        .form(&[
            ("iframe-origin", APP_ORIGIN),
            ("session-token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(status_of(&app, &id).await, "created");
}

#[tokio::test]
async fn the_widget_script_is_served_as_javascript() {
    let app = spawn().await;
    let response = client()
        .get(app.url("/sandbox/widget.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    assert!(response.text().await.unwrap().contains("postMessage"));
}

#[tokio::test]
async fn the_widget_speaks_the_sdks_language_through_every_step_and_else_the_browsers() {
    let app = spawn().await;
    let id = inquiry_id(&create_inquiry(&app, json!({}), json!({})).await);
    let details = open(&app, &[("inquiry-id", &id), ("language", "de")]).await;
    assert_eq!(details.status, 200);
    assert!(
        details.html.contains(r#"<html lang="de">"#),
        "{}",
        details.html
    );
    assert!(details.html.contains("Bestätigen Sie Ihre Angaben"));
    assert!(details.html.contains("Prüfung abbrechen"));
    let document = post_step(&app, &details, "details", &[]).await;
    assert!(
        document.html.contains("Prüfen Sie Ihr Dokument"),
        "the forms carry the language: {}",
        document.html
    );
    let done = post_step(&app, &document, "document", &[("outcome", "pass")]).await;
    assert!(done.html.contains("Prüfung abgeschlossen"), "{}", done.html);
    assert!(done.html.contains("hier ist nichts mehr zu tun"));

    // Without a language the sandbox speaks, the frame's browser chooses.
    let other = inquiry_id(&create_inquiry(&app, json!({}), json!({})).await);
    let path = widget_path(&[("inquiry-id", &other), ("language", "it")]);
    let response = client()
        .get(app.url(&path))
        .header("accept-language", "fr-CA, en;q=0.5")
        .send()
        .await
        .unwrap();
    let french = Page::from(response).await;
    assert_eq!(french.status, 200);
    assert!(french.html.contains("Confirmez vos informations"));
    let english = open(&app, &[("inquiry-id", &other)]).await;
    assert!(english.html.contains(r#"<html lang="en">"#));
    assert!(english.html.contains("Confirm your details"));
}
