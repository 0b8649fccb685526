//! No secrets in logs or the audit trail: the real binary runs at `RUST_LOG=trace` with
//! its output captured, a whole flow goes through it, and then the output and the audit
//! table are searched for every secret and piece of personal data the flow used.

use std::sync::Arc;

use inquiry_portal::entities::audit_events;
use reqwest::cookie::Jar;
use sea_orm::EntityTrait;
use serde_json::{json, Value};

use super::binary::{
    api, browser, confirm_details, cookie_values, copyable, location, portal_command, sign_in,
    start_portal, submit_and_follow, wait_for_status, Portal, PASSWORD, SANDBOX_KEY,
    WEBHOOK_SECRET,
};
use crate::support::{csrf_token, links::query_param};

const WRONG_PASSWORD: &str = "Wrong-Password-8b2d77aa";
const FIRST_NAME: &str = "Zephyrine";
const LAST_NAME: &str = "Quillfeather";
const BIRTHDATE: &str = "1987-06-23";
const EMAIL: &str = "zephyrine.q@example.test";
const PHONE: &str = "+15550123987";

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
    // A user name with CR/LF cannot forge a log line: what is typed never reaches the log.
    let forged = "x@acme.test\r\n[2026-01-01T00:00:00Z INFO] FORGED-LOG-LINE signed in";
    assert_ne!(
        sign_in(portal, &stranger, forged, WRONG_PASSWORD).await,
        303
    );
    secrets.push(("a forged log line".into(), "FORGED-LOG-LINE".into()));
    assert_eq!(
        sign_in(portal, &owner, "owner@acme.test", PASSWORD).await,
        303
    );
    let (status, page) = submit_and_follow(
        portal,
        &owner,
        "/api-keys",
        "/api-keys",
        &[("name", "Backend")],
    )
    .await;
    assert_eq!(
        status, 303,
        "the key is shown on the page its creation redirects to"
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
    // First contact shows the Continue page; pressing Continue goes into the flow.
    assert_eq!(person.get(&url).send().await.unwrap().status(), 200);
    let first = person.post(&url).send().await.unwrap();
    assert_eq!(first.status(), 303);
    let flow_url = location(&first);
    let details = [
        ("name-first", FIRST_NAME),
        ("name-last", LAST_NAME),
        ("birthdate", BIRTHDATE),
    ];
    let document_step = confirm_details(portal, &person, &flow_url, &inquiry, &details).await;
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
    let (_, page) = submit_and_follow(
        portal,
        &owner,
        &format!("/links/{link_id}"),
        &format!("/links/{link_id}/session-token"),
        &[],
    )
    .await;
    secrets.push(("UI session token".into(), copyable(&page, "Session token")));
    let (_, page) = submit_and_follow(
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
    assert_eq!(phone.get(&ui_access).send().await.unwrap().status(), 200);
    let opened = phone.post(&ui_access).send().await.unwrap();
    assert_eq!(opened.status(), 303);
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
    assert_eq!(accepted.status(), 303);
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
