//! Helpers for a TOTP second factor: an authenticator app's codes, enrolment, and
//! signing in with a code.

use totp_rs::{Algorithm, Builder, Secret};

use super::{client, location_header, TestApp, PASSWORD};

/// The code of `secret` at time step `step` (what an authenticator app shows).
pub fn code_at(secret: &str, step: u64) -> String {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(30)
        .with_secret(Secret::try_from_base32(secret).unwrap())
        .build()
        .unwrap()
        .generate(step * 30)
        .to_string()
}

pub fn current_step() -> u64 {
    (chrono::Utc::now().timestamp() / 30) as u64
}

fn between<'a>(page: &'a str, start: &str, end: &str) -> Vec<&'a str> {
    page.split(start)
        .skip(1)
        .filter_map(|rest| rest.split(end).next())
        .collect()
}

/// Sets up TOTP for the signed-in `http` with a code of step `step`; returns the
/// secret and the recovery codes shown.
pub async fn enrol(app: &TestApp, http: &reqwest::Client, step: u64) -> (String, Vec<String>) {
    let start = app
        .post_form(http, "/account/security", "/account/security/totp", &[])
        .await;
    assert_eq!(start.status(), 303);
    let page = http
        .get(app.url("/account/security"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let secret = between(&page, "Key: <code>", "</code>")[0].to_owned();
    let qr = http
        .get(app.url("/account/security/qr.svg"))
        .send()
        .await
        .unwrap();
    assert_eq!(qr.headers()["content-type"], "image/svg+xml");
    assert!(qr.text().await.unwrap().contains("<svg"));
    let code = code_at(&secret, step);
    let confirm = app
        .post_form(
            http,
            "/account/security",
            "/account/security/totp/confirm",
            &[("code", &code)],
        )
        .await;
    let (status, page) = app.follow(http, confirm).await;
    assert_eq!(status, 200);
    let codes: Vec<String> = between(&page, "<li><code>", "</code>")
        .into_iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(codes.len(), 10, "{page}");
    let again = http
        .get(app.url("/account/security"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!again.contains(&codes[0]), "recovery codes are shown once");
    (secret, codes)
}

/// Password, then the second step with `code`: the second step's status.
pub async fn sign_in_with(app: &TestApp, email: &str, code: &str) -> (u16, reqwest::Client) {
    let http = client();
    let first = app.post_login(&http, email, PASSWORD).await;
    assert_eq!(
        location_header(&first).as_deref(),
        Some("/login/second-factor")
    );
    let second = app
        .post_form(
            &http,
            "/login/second-factor",
            "/login/second-factor",
            &[("code", code)],
        )
        .await;
    (second.status().as_u16(), http)
}
