//! Headless Chromium through chromedriver, for `@browser` scenarios.

use std::{
    process::{Child, Command, Stdio},
    sync::OnceLock,
    time::Duration,
};

use thirtyfour::{prelude::*, ChromiumLikeCapabilities};

static DRIVER_URL: OnceLock<String> = OnceLock::new();

/// The running chromedriver, stopped when dropped. The runner keeps it for the whole run,
/// so it is stopped on a normal end and on the panic that reports failed scenarios alike
/// (a static would never be dropped, and every run would leave a chromedriver behind).
pub struct DriverProcess(Child);

impl Drop for DriverProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn find(binary: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(binary))
            .find(|candidate| candidate.is_file())
    })
}

fn chromium_binary() -> Option<std::path::PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| find(name))
}

/// Starts chromedriver on a free local port; `None` when it or Chromium is not installed.
pub async fn start_driver() -> Option<DriverProcess> {
    let (Some(driver), Some(_)) = (find("chromedriver"), chromium_binary()) else {
        return None;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free port for chromedriver");
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .arg("--allowed-ips=127.0.0.1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let process = DriverProcess(child);
    let url = format!("http://127.0.0.1:{port}");
    let status = format!("{url}/status");
    let ready = crate::support::eventually(Duration::from_secs(20), || {
        let status = status.clone();
        async move {
            reqwest::get(&status)
                .await
                .is_ok_and(|response| response.status().is_success())
        }
    })
    .await;
    assert!(ready, "chromedriver did not become ready");
    DRIVER_URL.set(url).is_ok().then_some(process)
}

/// A new headless browser with an empty profile: like a person on a fresh device.
pub async fn new_browser() -> WebDriver {
    let url = DRIVER_URL.get().expect("chromedriver was started");
    let mut caps = DesiredCapabilities::chrome();
    if let Some(binary) = chromium_binary() {
        caps.set_binary(&binary.to_string_lossy())
            .expect("binary capability");
    }
    for arg in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
        "--window-size=1280,900",
    ] {
        caps.add_arg(arg).expect("chrome argument");
    }
    WebDriver::new(url.as_str(), caps)
        .await
        .expect("a chromium session")
}

/// Gives `browser` a virtual platform authenticator (WebDriver's WebAuthn extension): it
/// keeps discoverable credentials and verifies the user, like a laptop's fingerprint
/// reader. A browser without one has no passkeys.
pub async fn add_virtual_authenticator(browser: &WebDriver) {
    let driver = DRIVER_URL.get().expect("chromedriver was started");
    let url = format!(
        "{driver}/session/{}/webauthn/authenticator",
        browser.session_id()
    );
    let options = serde_json::json!({
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": true,
        "hasUserVerification": true,
        "isUserVerified": true,
    });
    let response = reqwest::Client::new()
        .post(url)
        .json(&options)
        .send()
        .await
        .expect("chromedriver answers");
    assert!(
        response.status().is_success(),
        "a virtual authenticator: {}",
        response.text().await.unwrap_or_default()
    );
}

/// How long a page may take to show what a step expects (redirects, webhooks).
pub const PAGE_DEADLINE: Duration = Duration::from_secs(15);

/// The text of the page's first `<h1>`, if there is one.
pub async fn heading(browser: &WebDriver) -> Option<String> {
    let heading = browser.query(By::Tag("h1")).nowait().first().await.ok()?;
    heading.text().await.ok()
}

/// The visible text of the page.
pub async fn page_text(browser: &WebDriver) -> String {
    match browser.find(By::Tag("body")).await {
        Ok(body) => body.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// Waits until the page's heading is `expected`; fails with what the page shows instead.
pub async fn wait_for_heading(browser: &WebDriver, expected: &str) {
    let shown = crate::support::eventually(PAGE_DEADLINE, || async {
        heading(browser).await.as_deref() == Some(expected)
    })
    .await;
    assert!(
        shown,
        "the browser shows {:?} at {:?}, not {expected:?}",
        heading(browser).await,
        browser.current_url().await.map(|url| url.to_string())
    );
}

/// Waits until the page's text contains `expected`.
pub async fn wait_for_text(browser: &WebDriver, expected: &str) {
    let shown = crate::support::eventually(PAGE_DEADLINE, || async {
        page_text(browser).await.contains(expected)
    })
    .await;
    assert!(
        shown,
        "the browser does not show {expected:?}: {}",
        page_text(browser).await
    );
}

/// Clicks the button labelled `label`.
pub async fn click_button(browser: &WebDriver, label: &str) {
    browser
        .find(By::XPath(format!("//button[normalize-space()='{label}']")))
        .await
        .unwrap_or_else(|_| panic!("no {label:?} button"))
        .click()
        .await
        .unwrap_or_else(|_| panic!("click {label:?}"));
}

/// The text of the element `by`; fails naming `what` when the page has none.
pub async fn text_of(browser: &WebDriver, by: By, what: &str) -> String {
    let element = browser
        .find(by)
        .await
        .unwrap_or_else(|_| panic!("no {what} on the page"));
    element
        .text()
        .await
        .unwrap_or_else(|_| panic!("the text of {what}"))
}

/// Types `value` into the input named `name`.
pub async fn type_into(browser: &WebDriver, name: &str, value: &str) {
    browser
        .find(By::Name(name))
        .await
        .unwrap_or_else(|_| panic!("no {name} field"))
        .send_keys(value)
        .await
        .unwrap_or_else(|_| panic!("type into {name}"));
}
