//! The tenant's brand (DESIGN 13.6): the owner sets name, accent colour, support contact
//! and logo at /settings/branding; the logo is re-encoded and served to end users.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, RgbImage};
use inquiry_portal::{accounts::branding, domain::Role, entities::tenants};

use crate::support::{client, csrf_token, spawn_app, TestApp};

const PAGE: &str = "/settings/branding";

fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let pixels = RgbImage::from_pixel(width, height, image::Rgb([29, 78, 216]));
    let mut bytes = Vec::new();
    DynamicImage::ImageRgb8(pixels)
        .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Jpeg)
        .unwrap();
    bytes
}

async fn owner(app: &TestApp) -> (reqwest::Client, tenants::Model) {
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    (http, tenant)
}

/// Uploads `bytes` as the logo with the page's CSRF token (or `token` when given).
async fn upload(
    app: &TestApp,
    http: &reqwest::Client,
    bytes: Vec<u8>,
    name: &str,
) -> (u16, String) {
    let page = http
        .get(app.url(PAGE))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", csrf_token(&page))
        .part(
            "logo",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        );
    let response = http
        .post(app.url("/settings/branding/logo"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

async fn brand_rows(app: &TestApp) -> i64 {
    app.count_rows("tenant_brands").await
}

#[tokio::test]
async fn an_owner_sets_name_colour_and_contact_and_end_user_pages_get_them_at_once() {
    let app = spawn_app().await;
    let (http, tenant) = owner(&app).await;
    // Read once, so the cached brand must be forgotten when it changes.
    assert_eq!(
        branding::brand_for(&app.state, tenant.id)
            .await
            .unwrap()
            .name,
        "Tenant acme"
    );
    let fields = [
        ("display_name", "Acme Bank"),
        ("accent_colour", "#1D4ED8"),
        ("support_contact", "help@acme.example"),
    ];
    let response = app.post_form(&http, PAGE, PAGE, &fields).await;
    assert_eq!(response.status(), 303);
    let page = http
        .get(app.url(PAGE))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Branding saved"), "{page}");
    assert!(page.contains(r#"value="Acme Bank""#), "{page}");
    assert!(
        page.contains(r##"value="#1d4ed8""##),
        "the colour is stored normalised"
    );
    assert!(
        page.contains("/brand/accent/1d4ed8.css"),
        "the preview uses the colour"
    );

    let brand = branding::brand_for(&app.state, tenant.id).await.unwrap();
    assert_eq!(brand.name, "Acme Bank");
    assert_eq!(
        brand.accent.map(|a| a.to_string()).as_deref(),
        Some("#1d4ed8")
    );
    assert_eq!(
        brand.support.as_ref().map(|s| s.href()).as_deref(),
        Some("mailto:help@acme.example")
    );
    assert_eq!(
        app.count_rows("audit_events WHERE action = 'branding.changed'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_pale_colour_and_a_plain_http_contact_are_named_at_their_fields_and_nothing_is_saved() {
    let app = spawn_app().await;
    let (http, _) = owner(&app).await;
    let fields = [
        ("display_name", "Acme Bank"),
        ("accent_colour", "#ffd700"),
        ("support_contact", "http://acme.example/help"),
    ];
    let response = app.post_form(&http, PAGE, PAGE, &fields).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("field-accent_colour-error"), "{page}");
    assert!(page.contains("contrast of 1.4:1"), "{page}");
    assert!(page.contains("field-support_contact-error"), "{page}");
    assert!(
        page.contains(r##"href="#field-accent_colour""##),
        "summarised at the top"
    );
    assert!(page.contains(r#"value="Acme Bank""#), "the input is kept");
    assert_eq!(brand_rows(&app).await, 0);
}

#[tokio::test]
async fn a_jpeg_logo_is_stored_as_png_and_served_for_good_under_its_digest_only() {
    let app = spawn_app().await;
    let (http, _) = owner(&app).await;
    let (status, _) = upload(&app, &http, jpeg(300, 100), "logo.jpg").await;
    assert_eq!(status, 303);
    let page = http
        .get(app.url(PAGE))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let start = page
        .find("/brand/acme/logo/")
        .expect("the logo on the page");
    let path: String = page[start..].chars().take_while(|c| *c != '"').collect();

    let served = reqwest::get(app.url(&path)).await.unwrap();
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/png");
    assert!(served.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("immutable"));
    assert!(
        served.headers().get("set-cookie").is_none(),
        "no session for end users"
    );
    let png = served.bytes().await.unwrap();
    assert_eq!(image::guess_format(&png).unwrap(), ImageFormat::Png);

    let other_digest = format!("/brand/acme/logo/{}.png", "a".repeat(64));
    let other_tenant = path.replace("/acme/", "/globex/");
    for missing in [other_digest, other_tenant, path.replace(".png", ".jpg")] {
        assert_eq!(
            reqwest::get(app.url(&missing)).await.unwrap().status(),
            404,
            "{missing}"
        );
    }
}

#[tokio::test]
async fn svg_text_and_oversized_files_are_refused_at_the_logo_field_and_nothing_changes() {
    let app = spawn_app().await;
    let (http, _) = owner(&app).await;
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
    let (status, page) = upload(&app, &http, svg.to_vec(), "logo.svg").await;
    assert_eq!(status, 422);
    assert!(page.contains("must be a PNG or JPEG"), "{page}");
    assert!(page.contains("field-logo-error"), "{page}");

    let mut big = jpeg(10, 10);
    big.resize(300 * 1024, 0);
    let (status, page) = upload(&app, &http, big, "big.jpg").await;
    assert_eq!(status, 413);
    assert!(page.contains("larger than 200 KB"), "{page}");
    assert_eq!(brand_rows(&app).await, 0);
}

#[tokio::test]
async fn an_upload_without_the_sessions_token_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let (http, _) = owner(&app).await;
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", "forged")
        .part(
            "logo",
            reqwest::multipart::Part::bytes(jpeg(20, 20)).file_name("l.jpg"),
        );
    let response = http
        .post(app.url("/settings/branding/logo"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(brand_rows(&app).await, 0);
}

#[tokio::test]
async fn issuers_see_the_brand_but_cannot_change_it() {
    let app = spawn_app().await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    app.create_user(&tenant, "issuer@acme.test", Role::Issuer)
        .await;
    let http = client();
    app.login(&http, "issuer@acme.test").await;
    let page = http
        .get(app.url(PAGE))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Only owners can change the branding."),
        "{page}"
    );
    let response = app
        .post_form(&http, PAGE, PAGE, &[("display_name", "Hijacked")])
        .await;
    assert_eq!(response.status(), 403);
    assert_eq!(brand_rows(&app).await, 0);
}

#[tokio::test]
async fn the_accent_stylesheet_answers_only_colours_the_form_accepts() {
    let app = spawn_app().await;
    let css = reqwest::get(app.url("/brand/accent/1d4ed8.css"))
        .await
        .unwrap();
    assert_eq!(css.status(), 200);
    assert!(css.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/css"));
    assert_eq!(
        css.text().await.unwrap().trim(),
        ":root { --brand-accent: #1d4ed8; }"
    );
    for refused in [
        "ffd700.css",
        "1d4ed8",
        "1d4ed8;}x.css",
        "%7D.css",
        "1d4ed80.css",
    ] {
        let path = format!("/brand/accent/{refused}");
        assert_eq!(
            reqwest::get(app.url(&path)).await.unwrap().status(),
            404,
            "{refused}"
        );
    }
}

#[tokio::test]
async fn the_continue_page_wears_the_tenants_brand_and_names_the_portal_only_in_small_print() {
    let app = spawn_app().await;
    let (http, tenant) = owner(&app).await;
    let fields = [
        ("display_name", "Acme Bank"),
        ("accent_colour", "#1d4ed8"),
        ("support_contact", "https://acme.example/help"),
    ];
    assert_eq!(
        app.post_form(&http, PAGE, PAGE, &fields).await.status(),
        303
    );
    assert_eq!(upload(&app, &http, jpeg(120, 40), "logo.jpg").await.0, 303);
    let template = app.connect_demo_template(&tenant).await;
    let key = app.api_key(&tenant).await;
    let link = app
        .issue_dedicated(&key, &template.provider_template_id, serde_json::json!({}))
        .await;

    let page = reqwest::get(link["url"].as_str().unwrap())
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Acme Bank asks you to verify your identity."),
        "{page}"
    );
    assert!(
        page.contains(r#"src="/brand/acme/logo/"#),
        "the logo: {page}"
    );
    assert!(
        page.contains(r#"href="/brand/accent/1d4ed8.css""#),
        "the accent: {page}"
    );
    assert!(
        page.contains(r#"href="https://acme.example/help""#),
        "the support contact"
    );
    assert!(page.contains("powered-by"), "the portal in small print");
    assert!(
        !page.contains("Tenant acme"),
        "the display name replaces the tenant's own"
    );
}
