//! No secrets in logs or the audit trail: the real binary runs at `RUST_LOG=trace` with
//! its output captured, a whole flow goes through it, and then the output and the audit
//! table are searched for every secret and piece of personal data the flow used.

use std::{path::Path, sync::Arc, time::Duration};

use inquiry_portal::entities::audit_events;
use reqwest::cookie::{CookieStore, Jar};
use sea_orm::EntityTrait;
use serde_json::{json, Value};

use crate::support::{csrf_token, eventually, fresh_database_url, links::query_param};

const PASSWORD: &str = "Portal-Password-4f9c1e27";
const WRONG_PASSWORD: &str = "Wrong-Password-8b2d77aa";
const SANDBOX_KEY: &str = "sbx_secret_key_6e1f0c9a5d";
const WEBHOOK_SECRET: &str = "whsec_log_check_3a7b91c4";
const FIRST_NAME: &str = "Zephyrine";
const LAST_NAME: &str = "Quillfeather";
const BIRTHDATE: &str = "1987-06-23";
const EMAIL: &str = "zephyrine.q@example.test";
const PHONE: &str = "+15550123987";

/// The portal binary, killed when the test ends however it ends.
struct Portal {
    base: String,
    env: Vec<(&'static str, String)>,
    _child: tokio::process::Child,
}

fn portal_command(env: &[(&'static str, String)]) -> tokio::process::Command {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_inquiry-portal"));
    command
        .env_clear()
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())));
    command
}

async fn start_portal(dir: &Path, log: &Path) -> Portal {
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

fn browser(jar: &Arc<Jar>) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

/// Signs in through the login form (`password` may be wrong); returns the status.
async fn sign_in(portal: &Portal, who: &reqwest::Client, email: &str, password: &str) -> u16 {
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

/// POSTs a form with the CSRF token of `page`; returns the status and body.
async fn post_form(
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
    let mut body = fields.to_vec();
    body.push(("csrf_token", &token));
    let response = who
        .post(format!("{}{path}", portal.base))
        .form(&body)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

fn copyable(html: &str, label: &str) -> String {
    super::copyable_value(html, label).unwrap_or_else(|| panic!("no {label} on the page"))
}

/// Confirms the personal details in the hosted flow at `flow_url`; returns the document step.
async fn confirm_details(
    portal: &Portal,
    who: &reqwest::Client,
    flow_url: &str,
    inquiry: &str,
) -> String {
    let details = who.get(flow_url).send().await.unwrap();
    assert_eq!(details.status(), 200);
    let token = csrf_token(&details.text().await.unwrap());
    let started = who
        .post(format!("{}/sandbox/verify/{inquiry}/details", portal.base))
        .form(&[
            ("csrf_token", token.as_str()),
            ("name-first", FIRST_NAME),
            ("name-last", LAST_NAME),
            ("birthdate", BIRTHDATE),
        ])
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

async fn api(portal: &Portal, key: &str, path: &str, body: Option<Value>) -> Value {
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

async fn wait_for_status(portal: &Portal, key: &str, inquiry: &str, status: &str) {
    let reached = eventually(Duration::from_secs(20), || async {
        api(portal, key, &format!("/api/v1/inquiries/{inquiry}"), None).await["status"] == status
    })
    .await;
    assert!(reached, "{inquiry} never became {status}");
}

fn cookie_values(jar: &Jar, base: &str) -> Vec<String> {
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

/// Runs issue → click → flow → tokens → access links → access code → webhooks, and
/// returns every secret that went by, named.
async fn run_flow(portal: &Portal) -> Vec<(String, String)> {
    let mut secrets: Vec<(String, String)> = vec![
        ("password".into(), PASSWORD.into()),
        ("wrong password".into(), WRONG_PASSWORD.into()),
        ("sandbox key".into(), SANDBOX_KEY.into()),
        ("webhook secret".into(), WEBHOOK_SECRET.into()),
        ("first name".into(), FIRST_NAME.into()),
        ("last name".into(), LAST_NAME.into()),
        ("birthdate".into(), BIRTHDATE.into()),
        ("email".into(), EMAIL.into()),
        ("phone".into(), PHONE.trim_start_matches('+').into()),
    ];
    let templates: Value = reqwest::Client::new()
        .get(format!("{}/sandbox/api/v1/inquiry-templates", portal.base))
        .bearer_auth(SANDBOX_KEY)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let template_id = templates["data"][0]["id"].as_str().unwrap().to_owned();
    let connected = portal_command(&portal.env)
        .args([
            "connect-template",
            "--tenant",
            "acme",
            "--template-id",
            &template_id,
        ])
        .args(["--name", "KYC"])
        .output()
        .await
        .unwrap();
    assert!(connected.status.success(), "{connected:?}");

    let owner_jar = Arc::new(Jar::default());
    let owner = browser(&owner_jar);
    let stranger = browser(&Arc::default());
    let refused = sign_in(portal, &stranger, "owner@acme.test", WRONG_PASSWORD).await;
    assert_ne!(refused, 303, "a wrong password does not sign in");
    assert_eq!(
        sign_in(portal, &owner, "owner@acme.test", PASSWORD).await,
        303
    );
    let (status, page) = post_form(
        portal,
        &owner,
        "/api-keys",
        "/api-keys",
        &[("name", "Backend")],
    )
    .await;
    assert_eq!(
        status, 201,
        "the key is shown on the answer to its creation"
    );
    let key = copyable(&page, "API key");
    secrets.push(("API key".into(), key.clone()));

    let link = api(
        portal,
        &key,
        "/api/v1/links",
        Some(json!({
            "kind": "dedicated", "template_id": template_id, "reference_id": "log-check-1",
            "fields": {"name-first": FIRST_NAME, "name-last": LAST_NAME, "birthdate": BIRTHDATE,
                       "email-address": EMAIL, "phone-number": PHONE},
            "access_code": true, "issue_session_token": true,
        })),
    )
    .await;
    let url = link["url"]
        .as_str()
        .unwrap_or_else(|| panic!("{link}"))
        .to_owned();
    let inquiry = link["inquiry_id"].as_str().unwrap().to_owned();
    let link_id = link["id"].as_str().unwrap().to_owned();
    let code = link["access_code"].as_str().unwrap().to_owned();
    secrets.push((
        "link token".into(),
        url.rsplit('/').next().unwrap().to_owned(),
    ));
    secrets.push(("access code".into(), code.clone()));
    secrets.push((
        "session token at creation".into(),
        link["session_token"].as_str().unwrap().into(),
    ));

    // The person opens the link and starts the flow.
    let person_jar = Arc::new(Jar::default());
    let person = browser(&person_jar);
    let first = person.get(&url).send().await.unwrap();
    assert_eq!(first.status(), 302);
    let flow_url = location(&first);
    let document_step = confirm_details(portal, &person, &flow_url, &inquiry).await;
    wait_for_status(portal, &key, &inquiry, "pending").await;

    // Tokens on demand, from the API and the UI; access links from both.
    let token = api(
        portal,
        &key,
        &format!("/api/v1/inquiries/{inquiry}/session-token"),
        Some(json!({})),
    )
    .await;
    secrets.push((
        "API session token".into(),
        token["session_token"].as_str().unwrap().into(),
    ));
    let (_, page) = post_form(
        portal,
        &owner,
        &format!("/links/{link_id}"),
        &format!("/links/{link_id}/session-token"),
        &[],
    )
    .await;
    secrets.push(("UI session token".into(), copyable(&page, "Session token")));
    let (_, page) = post_form(
        portal,
        &owner,
        &format!("/links/{link_id}"),
        &format!("/links/{link_id}/access-link"),
        &[],
    )
    .await;
    let ui_access = copyable(&page, "One-time access link");
    let api_access = api(
        portal,
        &key,
        &format!("/api/v1/inquiries/{inquiry}/access-link"),
        Some(json!({})),
    )
    .await;
    let api_access = api_access["url"].as_str().unwrap().to_owned();
    for access in [&ui_access, &api_access] {
        secrets.push((
            "access link code".into(),
            access.rsplit('/').next().unwrap().into(),
        ));
    }
    let phone_jar = Arc::new(Jar::default());
    let phone = browser(&phone_jar);
    let opened = phone.get(&ui_access).send().await.unwrap();
    assert_eq!(opened.status(), 302);
    let resumed = location(&opened);
    secrets.push((
        "redirect session token".into(),
        query_param(&resumed, "session-token").unwrap(),
    ));
    assert_eq!(
        phone.get(&resumed).send().await.unwrap().status(),
        303,
        "into the flow"
    );

    // A third browser: a wrong access code, then the right one.
    let tablet_jar = Arc::new(Jar::default());
    let tablet = browser(&tablet_jar);
    assert_eq!(tablet.get(&url).send().await.unwrap().status(), 403);
    let wrong = if code.starts_with('Z') {
        "YYYYYYYY"
    } else {
        "ZZZZZZZZ"
    };
    let refused = tablet
        .post(format!("{url}/code"))
        .form(&[("code", wrong)])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let accepted = tablet
        .post(format!("{url}/code"))
        .form(&[("code", code.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status(), 302);
    if let Some(token) = query_param(&location(&accepted), "session-token") {
        secrets.push(("access code session token".into(), token));
    }

    // The person finishes; the completion arrives by webhook.
    let finished = person
        .post(format!("{}/sandbox/verify/{inquiry}/document", portal.base))
        .form(&[
            ("csrf_token", csrf_token(&document_step).as_str()),
            ("outcome", "pass"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(finished.status(), 303);
    wait_for_status(portal, &key, &inquiry, "completed").await;
    for (who, jar) in [
        ("owner", &owner_jar),
        ("person", &person_jar),
        ("phone", &phone_jar),
        ("tablet", &tablet_jar),
    ] {
        for value in cookie_values(jar, &portal.base) {
            secrets.push((format!("{who}'s cookie"), value));
        }
    }
    secrets
}

/// Where each secret occurs in `text`, with its line (shortened), for the failure message.
fn hits(text: &str, secrets: &[(String, String)], place: &str) -> Vec<String> {
    secrets
        .iter()
        .filter(|(_, value)| value.len() >= 8)
        .flat_map(|(name, value)| {
            text.match_indices(value.as_str()).map(move |(at, _)| {
                let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                let line: String = text[start..]
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .chars()
                    .take(400)
                    .collect();
                format!("{name} in {place}: {line}")
            })
        })
        .collect()
}

#[tokio::test]
async fn no_secret_or_personal_data_reaches_the_logs_or_the_audit_trail() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("portal.log");
    let portal = start_portal(dir.path(), &log).await;

    let mut secrets = run_flow(&portal).await;
    let database_url = portal
        .env
        .iter()
        .find(|(k, _)| *k == "DATABASE_URL")
        .unwrap()
        .1
        .clone();
    drop(portal);
    // The database URL can hold the database's password.
    secrets.push(("database URL".into(), database_url.clone()));

    let output = std::fs::read_to_string(&log).unwrap();
    assert!(
        output.contains("TRACE"),
        "the server really logged at trace level"
    );
    assert!(output.contains("webhook event"), "the webhooks were logged");
    let db = sea_orm::Database::connect(&database_url).await.unwrap();
    let trail: String = audit_events::Entity::find()
        .all(&db)
        .await
        .unwrap()
        .iter()
        .map(|event| format!("{event:?}\n"))
        .collect();
    assert!(trail.contains("access_code.failed") && trail.contains("link.issued"));
    let mut found = hits(&output, &secrets, "the log");
    found.extend(hits(&trail, &secrets, "the audit trail"));
    assert!(
        found.is_empty(),
        "{} leaks:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[tokio::test]
async fn a_stored_idempotent_answer_keeps_the_link_token_access_code_and_session_token_encrypted() {
    let app = crate::support::spawn_app().await;
    let acme = super::tenant(&app, "acme").await;
    let body = json!({"kind": "dedicated", "template_id": acme.template_id(),
                      "access_code": true, "issue_session_token": true});
    let send = || {
        reqwest::Client::new()
            .post(app.url("/api/v1/links"))
            .bearer_auth(&acme.key)
            .header("Idempotency-Key", "create-once-7f3a")
            .json(&body)
            .send()
    };
    let first = send().await.unwrap();
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let replayed = send().await.unwrap();
    assert_eq!(replayed.status(), 201);
    assert_eq!(replayed.headers()["idempotent-replayed"], "true");
    assert_eq!(
        replayed.json::<Value>().await.unwrap(),
        first,
        "the same answer"
    );

    let stored = format!(
        "{:?}",
        inquiry_portal::entities::idempotency_records::Entity::find()
            .all(&app.db.connection)
            .await
            .unwrap()
    );
    let url = super::str_of(&first, "url");
    for secret in [
        url.rsplit('/').next().unwrap(),
        super::str_of(&first, "access_code"),
        super::str_of(&first, "session_token"),
    ] {
        assert!(
            !stored.contains(secret),
            "{secret} is stored readable: {stored}"
        );
    }
}
