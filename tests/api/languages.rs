//! The person's language and the tenant's brand (DESIGN 13.6): the end-user pages, the
//! emails and the hosted flow speak the link's `language`, else the browser's
//! `Accept-Language` (q-values honoured), else English, and wear the tenant's brand.

use std::{io::Cursor, time::Duration};

use image::{DynamicImage, ImageFormat, RgbImage};
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT_LANGUAGE};
use serde_json::{json, Value};

use crate::support::{
    client, csrf_token,
    links::{click, press_continue, query_param},
    smtp::SmtpServer,
    spawn_app, spawn_app_with, TestApp,
};

/// A browser that prefers `languages` (an `Accept-Language` value): own cookies, no redirects.
fn browser_speaking(languages: &str) -> reqwest::Client {
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT_LANGUAGE, HeaderValue::from_str(languages).unwrap());
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .unwrap()
}

fn logo_jpeg() -> Vec<u8> {
    let pixels = RgbImage::from_pixel(120, 40, image::Rgb([29, 78, 216]));
    let mut bytes = Vec::new();
    DynamicImage::ImageRgb8(pixels)
        .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Jpeg)
        .unwrap();
    bytes
}

/// A tenant branded "Acme Bank" with a logo, its demo template and an API key:
/// (key, template id).
async fn branded_tenant(app: &TestApp) -> (String, String) {
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let owner = client();
    app.login(&owner, "owner@acme.test").await;
    let fields = [
        ("display_name", "Acme Bank"),
        ("accent_colour", "#1d4ed8"),
        ("support_contact", "help@acme.example"),
    ];
    let saved = app
        .post_form(&owner, "/settings/branding", "/settings/branding", &fields)
        .await;
    assert_eq!(saved.status(), 303);
    let page = app.csrf_from(&owner, "/settings/branding").await;
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", page)
        .part(
            "logo",
            reqwest::multipart::Part::bytes(logo_jpeg()).file_name("logo.jpg"),
        );
    let uploaded = owner
        .post(app.url("/settings/branding/logo"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status(), 303);
    let template = app.connect_demo_template(&tenant).await;
    (app.api_key(&tenant).await, template.provider_template_id)
}

fn url_of(link: &Value) -> String {
    link["url"].as_str().expect("a link URL").to_owned()
}

fn path_of(url: &str) -> String {
    url::Url::parse(url).unwrap().path().to_owned()
}

#[tokio::test]
async fn a_german_browser_gets_the_continue_page_and_the_access_code_form_in_german_and_the_flow_with_language_de(
) {
    let app = spawn_app().await;
    let (key, template) = branded_tenant(&app).await;
    let link = app
        .issue_dedicated(&key, &template, json!({"access_code": true}))
        .await;
    assert!(link.get("language").is_none(), "{link}");
    let url = url_of(&link);

    let german = browser_speaking("de-DE,de;q=0.9,en;q=0.5");
    let response = german.get(&url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-language"], "de");
    let page = response.text().await.unwrap();
    assert!(page.contains(r#"<html lang="de">"#), "{page}");
    assert!(page.contains("Bestätigen Sie Ihre Identität"), "{page}");
    assert!(
        page.contains("Acme Bank bittet Sie, Ihre Identität zu bestätigen."),
        "{page}"
    );
    assert!(page.contains("Weiter zur Identitätsprüfung"), "{page}");
    assert!(
        page.contains("/brand/acme/logo/"),
        "the tenant's logo: {page}"
    );
    assert!(page.contains(r#"alt="Acme Bank""#), "{page}");
    assert!(page.contains("/brand/accent/1d4ed8.css"), "{page}");
    assert!(
        page.contains("Fragen? Wenden Sie sich an Acme Bank:"),
        "{page}"
    );
    assert!(!page.contains("Verify your identity"), "{page}");

    let (status, flow) = press_continue(&german, &url).await;
    assert_eq!(status, 303);
    assert_eq!(
        query_param(&flow, "language").as_deref(),
        Some("de"),
        "{flow}"
    );

    // Another German browser: the link is bound, so it gets the access-code form.
    let other = browser_speaking("de");
    let (status, form) = click(&other, &url).await;
    assert_eq!(status, 403);
    assert!(form.contains("Geben Sie Ihren Zugangscode ein"), "{form}");
    assert!(form.contains("Zugangscode"), "{form}");
    assert!(form.contains("Acme Bank"), "{form}");
    assert!(form.contains("/brand/acme/logo/"), "{form}");
    assert!(form.contains("Neuen Link per E-Mail senden"), "{form}");

    let wrong = other
        .post(app.url(&format!("{}/code", path_of(&url))))
        .form(&[("code", "WRONG-CODE")])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 422);
    let wrong = wrong.text().await.unwrap();
    assert!(
        wrong.contains("Dieser Code ist nicht richtig. Noch 4 Versuche"),
        "{wrong}"
    );
    let empty = other
        .post(app.url(&format!("{}/code", path_of(&url))))
        .form(&[("code", " ")])
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status(), 422);
    let empty = empty.text().await.unwrap();
    assert!(
        empty.contains("Geben Sie den Zugangscode ein, den Sie erhalten haben."),
        "{empty}"
    );
    assert!(
        empty.contains("Acme Bank"),
        "the empty form is branded too: {empty}"
    );
}

#[tokio::test]
async fn accept_language_q_values_choose_the_language_and_an_unknown_one_gets_english() {
    let app = spawn_app().await;
    let (key, template) = branded_tenant(&app).await;
    let url = url_of(&app.issue_dedicated(&key, &template, json!({})).await);
    let cases = [
        ("it-IT, fr;q=0.5, es;q=0.8", "Verifique su identidad", "es"),
        ("fr-CA", "Vérifiez votre identité", "fr"),
        ("it, ja;q=0.4", "Verify your identity", "en"),
        ("de;q=0, en", "Verify your identity", "en"),
    ];
    for (accepted, title, tag) in cases {
        let response = browser_speaking(accepted).get(&url).send().await.unwrap();
        assert_eq!(response.headers()["content-language"], tag, "{accepted}");
        let page = response.text().await.unwrap();
        assert!(page.contains(title), "{accepted}: {page}");
    }
    let (_, unknown) = click(&browser_speaking("fr"), &app.url("/l/no-such-token-here")).await;
    assert!(unknown.contains("Ce lien ne fonctionne pas"), "{unknown}");
}

#[tokio::test]
async fn the_links_language_wins_over_the_browsers_on_its_pages_and_in_the_flow_url() {
    let app = spawn_app().await;
    let (key, template) = branded_tenant(&app).await;
    let link = app
        .issue_dedicated(&key, &template, json!({"language": "fr"}))
        .await;
    assert_eq!(link["language"], "fr", "{link}");
    let url = url_of(&link);
    let german = browser_speaking("de");
    let (status, page) = click(&german, &url).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Acme Bank vous demande de vérifier votre identité."),
        "{page}"
    );
    let (status, flow) = press_continue(&german, &url).await;
    assert_eq!(status, 303);
    assert_eq!(query_param(&flow, "language").as_deref(), Some("fr"));
    // The hot path (a bound browser's GET, the token from memory) carries it too.
    let (status, again) = click(&german, &url).await;
    assert_eq!(status, 302, "{again}");
    assert_eq!(query_param(&again, "language").as_deref(), Some("fr"));
}

#[tokio::test]
async fn a_language_outside_the_four_is_refused_by_the_api_and_the_form_and_nothing_is_created() {
    let app = spawn_app().await;
    let (key, template) = branded_tenant(&app).await;
    let body = json!({"kind": "dedicated", "template_id": template, "language": "it"});
    let (status, answer) = app.api_post(&key, "/api/v1/links", &body).await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(app.count_rows("links").await, 0);

    let owner = client();
    app.login(&owner, "owner@acme.test").await;
    let form = owner
        .get(app.url("/links/new?kind=dedicated"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        form.contains(r#"name="language""#),
        "the form has the select: {form}"
    );
    assert!(
        form.contains(r#"<option value="de">Deutsch</option>"#),
        "{form}"
    );
    let csrf = csrf_token(&form);
    let form_key = crate::support::form_key_for(&form, "/links").unwrap_or_default();
    let refused = owner
        .post(app.url("/links"))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("form_key", form_key.as_str()),
            ("kind", "dedicated"),
            ("template_id", template.as_str()),
            ("lifetime", "86400"),
            ("resume_on_click", "same_browser"),
            ("language", "it"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let refused = refused.text().await.unwrap();
    assert!(refused.contains("field-language-error"), "{refused}");
    assert_eq!(app.count_rows("links").await, 0);
}

#[tokio::test]
async fn a_link_in_german_is_emailed_in_german_with_the_tenants_name_and_logo() {
    let smtp = SmtpServer::start();
    let smtp_url = smtp.url();
    let app = spawn_app_with(|settings| {
        settings.mail.smtp_url = Some(smtp_url);
        settings.mail.from = "Portal <no-reply@portal.test>".into();
        settings.mail.poll_interval = Duration::from_millis(100);
    })
    .await;
    let (key, template) = branded_tenant(&app).await;
    let link = app
        .issue_dedicated(
            &key,
            &template,
            json!({"language": "de", "fields": {"name-first": "Ada"}, "send_to": {"email": "ada@example.com"}}),
        )
        .await;
    let url = url_of(&link);
    let received = smtp.wait_for(1).await;
    let message = &received[0];
    assert_eq!(
        message.subject,
        "Acme Bank bittet Sie, Ihre Identität zu bestätigen"
    );
    let text = message.text.as_deref().expect("a text part");
    let html = message.html.as_deref().expect("an HTML part");
    for part in [text, html] {
        assert!(part.contains("Guten Tag Ada,"), "{part}");
        assert!(part.contains(&url), "{part}");
        assert!(part.contains("Der Link läuft am"), "{part}");
        assert!(part.contains("im Auftrag von Acme Bank"), "{part}");
        assert!(part.contains("Versendet von Inquiry Link Portal"), "{part}");
    }
    assert!(html.contains(r#"<html lang="de">"#), "{html}");
    assert!(html.contains("Weiter zur Identitätsprüfung"), "{html}");
    let logo = format!("{}/brand/acme/logo/", app.state.settings.public_url);
    assert!(
        html.contains(&logo),
        "the logo under the public URL: {html}"
    );
    assert!(
        html.contains("background:#1d4ed8"),
        "the accent colour: {html}"
    );
}

#[tokio::test]
async fn the_sandbox_flow_and_the_done_page_speak_the_language_the_link_passed_on() {
    let app = spawn_app().await;
    let (key, template) = branded_tenant(&app).await;
    let link = app
        .issue_dedicated(&key, &template, json!({"language": "es"}))
        .await;
    let url = url_of(&link);
    let person = browser_speaking("en");
    let (_, _) = click(&person, &url).await;
    let (status, flow) = press_continue(&person, &url).await;
    assert_eq!(status, 303);
    assert!(flow.contains("language=es"), "{flow}");
    let mut next = flow;
    let mut page = String::new();
    for _ in 0..4 {
        let response = person.get(&next).send().await.unwrap();
        match crate::support::location_header(&response) {
            Some(location) => next = app.url(&location.replace(&app.url(""), "")),
            None => {
                page = response.text().await.unwrap();
                break;
            }
        }
    }
    assert!(page.contains("Confirme sus datos"), "{page}");
    assert!(page.contains("Nombre"), "{page}");
    assert!(page.contains("Iniciar la verificación"), "{page}");

    let inquiry = link["inquiry_id"].as_str().unwrap();
    let done = browser_speaking("de")
        .get(app.url(&format!("/done?inquiry-id={inquiry}&status=completed")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        done.contains("Gracias, ya ha terminado"),
        "the link's language: {done}"
    );
    assert!(done.contains("Acme Bank"), "the tenant's brand: {done}");
}
