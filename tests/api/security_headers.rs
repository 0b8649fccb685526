use crate::support::{client, spawn_app};

fn assert_security_headers(response: &reqwest::Response) {
    let headers = response.headers();
    let csp = headers
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    for directive in [
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(directive), "CSP {csp:?} lacks {directive}");
    }
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "no-referrer");
}

#[tokio::test]
async fn security_headers_are_on_a_200_a_303_a_404_and_a_static_file() {
    let app = spawn_app().await;
    let http = client();
    let ok = http.get(app.url("/login")).send().await.unwrap();
    assert_eq!(ok.status(), 200);
    assert_security_headers(&ok);
    assert_eq!(ok.headers()["cache-control"], "no-store");

    let redirect = http.get(app.url("/")).send().await.unwrap();
    assert_eq!(redirect.status(), 303);
    assert_security_headers(&redirect);

    let missing = http.get(app.url("/nothing-here")).send().await.unwrap();
    assert_eq!(missing.status(), 404);
    assert_security_headers(&missing);

    let css = http.get(app.url("/static/app.css")).send().await.unwrap();
    assert_eq!(css.status(), 200);
    assert_security_headers(&css);
    assert!(css.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/css"));
}

#[tokio::test]
async fn hsts_is_sent_only_behind_https() {
    let plain = spawn_app().await;
    let response = client().get(plain.url("/login")).send().await.unwrap();
    assert!(response
        .headers()
        .get("strict-transport-security")
        .is_none());
}

#[tokio::test]
async fn the_stylesheet_and_script_load_without_inline_code() {
    let app = spawn_app().await;
    let html = client()
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !html.contains("<script>"),
        "no inline scripts under the CSP"
    );
    assert!(!html.contains("style=\""), "no inline styles under the CSP");
    let js = client()
        .get(app.url("/static/app.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(js.status(), 200);
}
