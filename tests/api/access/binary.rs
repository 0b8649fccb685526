//! The real `inquiry-portal` binary as a child process, with its output captured, and the
//! few HTTP steps the log check drives it through.

use std::{path::Path, sync::Arc, time::Duration};

use reqwest::cookie::{CookieStore, Jar};
use serde_json::Value;

use crate::support::{csrf_token, eventually, fresh_database_url};

pub const PASSWORD: &str = "Portal-Password-4f9c1e27";
pub const SANDBOX_KEY: &str = "sbx_secret_key_6e1f0c9a5d";
pub const WEBHOOK_SECRET: &str = "whsec_log_check_3a7b91c4";

/// The portal binary, killed when the test ends however it ends.
pub struct Portal {
    pub base: String,
    pub env: Vec<(&'static str, String)>,
    _child: tokio::process::Child,
}

pub fn portal_command(env: &[(&'static str, String)]) -> tokio::process::Command {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_inquiry-portal"));
    command
        .env_clear()
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())));
    command
}

pub async fn start_portal(dir: &Path, log: &Path) -> Portal {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let env = vec![
        ("RUST_LOG", "trace".to_owned()),
        ("PORTAL_DATA_DIR", dir.display().to_string()),
        ("PORTAL_BIND", format!("127.0.0.1:{port}")),
        ("PORTAL_PUBLIC_URL", base.clone()),
        ("DATABASE_URL", fresh_database_url(dir).await),
        ("PORTAL_PASSWORD", PASSWORD.to_owned()),
        ("PORTAL_PROVIDER", "sandbox".to_owned()),
        ("PORTAL_SANDBOX_API_KEY", SANDBOX_KEY.to_owned()),
        ("PERSONA_WEBHOOK_SECRET", WEBHOOK_SECRET.to_owned()),
        // The reconciler's polling shows up in the logs too.
        ("PORTAL_RECONCILE_SECONDS", "1".to_owned()),
    ];
    let created = portal_command(&env)
        .args(["create-tenant", "--slug", "acme", "--name", "Acme"])
        .args(["--admin-email", "owner@acme.test"])
        .output()
        .await
        .unwrap();
    assert!(created.status.success(), "{created:?}");
    let out = std::fs::File::create(log).unwrap();
    let child = portal_command(&env)
        .arg("serve")
        .stdout(out.try_clone().unwrap())
        .stderr(out)
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let up = eventually(Duration::from_secs(30), || async {
        reqwest::get(format!("{base}/healthz"))
            .await
            .is_ok_and(|r| r.status() == 200)
    })
    .await;
    assert!(
        up,
        "the portal did not start: {}",
        std::fs::read_to_string(log).unwrap_or_default()
    );
    Portal {
        base,
        env,
        _child: child,
    }
}

pub fn browser(jar: &Arc<Jar>) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

pub fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

/// Signs in through the login form (`password` may be wrong); returns the status.
pub async fn sign_in(portal: &Portal, who: &reqwest::Client, email: &str, password: &str) -> u16 {
    let page = who
        .get(format!("{}/login", portal.base))
        .send()
        .await
        .unwrap();
    let token = csrf_token(&page.text().await.unwrap());
    who.post(format!("{}/login", portal.base))
        .form(&[
            ("email", email),
            ("password", password),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Submits the form of `page` that posts to `path` as a browser does (CSRF token and the
/// form's one-time key) and follows its 303 to the page that shows the result once.
/// Returns the POST's status and that page.
pub async fn submit_and_follow(
    portal: &Portal,
    who: &reqwest::Client,
    page: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> (u16, String) {
    let html = who
        .get(format!("{}{page}", portal.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = csrf_token(&html);
    let form_key = crate::support::form_key_for(&html, path).expect("a one-time form key");
    let mut body = fields.to_vec();
    body.push(("csrf_token", &token));
    body.push(("form_key", &form_key));
    let response = who
        .post(format!("{}{path}", portal.base))
        .form(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let next = location(&response);
    let shown = who
        .get(format!("{}{next}", portal.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    (status, shown)
}

pub fn copyable(html: &str, label: &str) -> String {
    super::copyable_value(html, label).unwrap_or_else(|| panic!("no {label} on the page"))
}

/// Confirms the personal details in the hosted flow at `flow_url`; returns the document step.
pub async fn confirm_details(
    portal: &Portal,
    who: &reqwest::Client,
    flow_url: &str,
    inquiry: &str,
    details: &[(&str, &str)],
) -> String {
    let page = who.get(flow_url).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let token = csrf_token(&page.text().await.unwrap());
    let mut form = details.to_vec();
    form.push(("csrf_token", token.as_str()));
    let started = who
        .post(format!("{}/sandbox/verify/{inquiry}/details", portal.base))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(started.status(), 303);
    let step = who
        .get(format!("{}{}", portal.base, location(&started)))
        .send()
        .await
        .unwrap();
    step.text().await.unwrap()
}

pub async fn api(portal: &Portal, key: &str, path: &str, body: Option<Value>) -> Value {
    let client = reqwest::Client::new();
    let request = match body {
        Some(body) => client.post(format!("{}{path}", portal.base)).json(&body),
        None => client.get(format!("{}{path}", portal.base)),
    };
    request
        .bearer_auth(key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

pub async fn wait_for_status(portal: &Portal, key: &str, inquiry: &str, status: &str) {
    let reached = eventually(Duration::from_secs(20), || async {
        api(portal, key, &format!("/api/v1/inquiries/{inquiry}"), None).await["status"] == status
    })
    .await;
    assert!(reached, "{inquiry} never became {status}");
}

pub fn cookie_values(jar: &Jar, base: &str) -> Vec<String> {
    let url = url::Url::parse(base).unwrap();
    jar.cookies(&url)
        .map(|header| {
            header
                .to_str()
                .unwrap()
                .split("; ")
                .filter_map(|pair| pair.split_once('=').map(|(_, v)| v.to_owned()))
                .collect()
        })
        .unwrap_or_default()
}
