//! Two portal instances sharing one database: session-token calls spread over both still
//! cause a single resume at the provider.

use std::net::TcpListener;

use futures_util::future::join_all;
use inquiry_portal::startup::Application;
use serde_json::{json, Value};

use super::{pending_link, resumes, str_of, tenant};
use crate::support::{spawn_app, TestApp};

/// Another instance on `app`'s database (and so on the same sandbox data). Stops when the
/// handle is dropped.
async fn second_instance(app: &TestApp) -> (String, AbortOnDrop) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let mut settings = app.settings.clone();
    settings.public_url = address.clone();
    let application = Application::build_with(settings, app.db.clone(), listener)
        .await
        .unwrap();
    let server = tokio::spawn(async move {
        let _ = application.run_until_stopped().await;
    });
    (address, AbortOnDrop(server))
}

/// Resumes made by the sandbox mounted in the instance at `address` (each instance's
/// provider client calls its own; they share the database, not the counters).
async fn resumes_at(app: &TestApp, address: &str) -> u64 {
    let stats: Value = reqwest::Client::new()
        .get(format!("{address}/sandbox/api/v1/_stats"))
        .bearer_auth(&app.settings.sandbox_api_key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    stats["resumes"].as_u64().unwrap_or(0)
}

struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[tokio::test]
async fn session_token_calls_spread_over_two_instances_cause_one_resume() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let (_, _, inquiry_id) = pending_link(&app, &acme, json!({})).await;
    let (other, _running) = second_instance(&app).await;
    let before = resumes(&app).await;

    let http = reqwest::Client::new();
    let path = format!("/api/v1/inquiries/{inquiry_id}/session-token");
    let calls = (0..40).map(|n| {
        let url = if n % 2 == 0 {
            app.url(&path)
        } else {
            format!("{other}{path}")
        };
        let (http, key) = (&http, &acme.key);
        async move {
            let response = http.post(url).bearer_auth(key).send().await.unwrap();
            let status = response.status().as_u16();
            (status, response.json::<Value>().await.unwrap())
        }
    });
    let answers = join_all(calls).await;

    let first = str_of(&answers[0].1, "session_token").to_owned();
    for (status, body) in &answers {
        assert_eq!(*status, 200, "{body}");
        assert_eq!(str_of(body, "session_token"), first);
    }
    let total = resumes(&app).await - before + resumes_at(&app, &other).await;
    assert_eq!(total, 1, "one resume for both instances");
    let resumed = super::actions(&app, &acme)
        .await
        .iter()
        .filter(|a| *a == "inquiry.resumed")
        .count();
    assert_eq!(resumed, 1, "and one resume on record");
}
