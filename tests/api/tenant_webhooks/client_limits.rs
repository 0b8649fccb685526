//! How the portal calls a tenant's endpoint: a redirect is an answer, not a way elsewhere
//! (so a public endpoint cannot bounce deliveries to a private address), and an endpoint
//! that never answers costs one timeout, not a stuck worker.

use std::time::{Duration, Instant};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpListener,
};

use super::{setup, Setup};
use crate::support::receiver::Receiver;

/// A local server that answers every request with `answer` (or, with `None`, reads the
/// request and never answers); returns its URL.
async fn endpoint_answering(answer: Option<String>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let answer = answer.clone();
            tokio::spawn(async move {
                let mut request = [0u8; 8192];
                let _ = socket.read(&mut request).await;
                match answer {
                    Some(answer) => {
                        let _ = socket.write_all(answer.as_bytes()).await;
                    }
                    // Hold the connection open, silent, until the test ends.
                    None => tokio::time::sleep(Duration::from_secs(600)).await,
                }
            });
        }
    });
    url
}

/// The first delivery's attempts, after one worker pass.
async fn attempts_after_one_pass(setup: &Setup, url: &str) -> Vec<serde_json::Value> {
    let endpoint = setup.register(url, &["link.issued"]).await;
    setup.issue_link().await;
    inquiry_portal::tenant_webhooks::worker::run_once(&setup.app.state)
        .await
        .unwrap();
    let deliveries = setup.deliveries(&endpoint).await;
    deliveries[0]["log"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn a_redirecting_endpoint_is_a_failed_attempt_and_the_redirect_is_not_followed() {
    let setup = setup(|_| {}).await;
    let elsewhere = Receiver::start();
    let redirect = format!(
        "HTTP/1.1 307 Temporary Redirect\r\nLocation: {}\r\nContent-Length: 0\r\n\r\n",
        elsewhere.url()
    );
    let url = endpoint_answering(Some(redirect)).await;
    let attempts = attempts_after_one_pass(&setup, &url).await;
    assert_eq!(attempts.len(), 1, "{attempts:?}");
    assert_eq!(attempts[0]["status_code"], 307, "{attempts:?}");
    let received = elsewhere.received().await;
    assert_eq!(received["accepted"], serde_json::json!([]), "{received}");
    assert_eq!(received["rejected"], serde_json::json!([]), "{received}");
}

#[tokio::test]
async fn an_endpoint_that_never_answers_costs_one_timeout_and_is_retried_later() {
    let setup = setup(|settings| {
        settings.tenant_webhooks.timeout = Duration::from_millis(500);
        settings.tenant_webhooks.retry_schedule = vec![Duration::from_secs(60)];
    })
    .await;
    let url = endpoint_answering(None).await;
    let started = Instant::now();
    let attempts = attempts_after_one_pass(&setup, &url).await;
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the pass waited {:?}",
        started.elapsed()
    );
    assert_eq!(attempts.len(), 1, "{attempts:?}");
    assert!(attempts[0]["status_code"].is_null(), "{attempts:?}");
    assert!(
        attempts[0]["latency_ms"].as_i64().unwrap() >= 400,
        "{attempts:?}"
    );
}
