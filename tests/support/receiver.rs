//! A tenant's webhook receiver: `tests/tenant_webhook_receiver.py`, which verifies every
//! delivery with the `standardwebhooks` package from PyPI, run on 127.0.0.1.

use std::{
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
    time::Duration,
};

use serde_json::{json, Value};

pub struct Receiver {
    child: Child,
    pub port: u16,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Receiver {
    /// Starts a receiver on a free port.
    pub fn start() -> Self {
        Self::start_on(0)
    }

    /// Starts a receiver on `port` (0: a free one).
    pub fn start_on(port: u16) -> Self {
        let script = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/tenant_webhook_receiver.py"
        );
        let mut child = Command::new("python3")
            .arg(script)
            .arg(port.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 runs the webhook receiver (pip install standardwebhooks)");
        let stdout = child.stdout.take().expect("receiver stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the receiver prints its port");
        let port = line.trim().parse().unwrap_or_else(|_| {
            panic!("the receiver did not start (is standardwebhooks installed?): {line}")
        });
        Self { child, port }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/hook", self.port)
    }

    async fn control(&self, order: Value) {
        let response = reqwest::Client::new()
            .post(format!("http://127.0.0.1:{}/control", self.port))
            .json(&order)
            .send()
            .await
            .expect("receiver control");
        assert!(response.status().is_success());
    }

    /// The secret it verifies with.
    pub async fn verify_with(&self, secret: &str) {
        self.control(json!({ "secret": secret })).await;
    }

    /// Answers the next `count` verified deliveries with 500.
    pub async fn fail_next(&self, count: u32) {
        self.control(json!({ "fail": count })).await;
    }

    /// What it got: `accepted`, `answered_500` and `rejected`, each a list of
    /// `{id, timestamp, signature, body}` (rejections with their `reason`).
    pub async fn received(&self) -> Value {
        reqwest::Client::new()
            .get(format!("http://127.0.0.1:{}/received", self.port))
            .send()
            .await
            .expect("receiver log")
            .json()
            .await
            .expect("receiver log JSON")
    }

    /// The accepted deliveries' bodies, parsed.
    pub async fn accepted_bodies(&self) -> Vec<Value> {
        let received = self.received().await;
        received["accepted"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|record| serde_json::from_str(record["body"].as_str().unwrap_or("null")).unwrap())
            .collect()
    }

    /// POSTs a delivery as recorded (or altered) to its `/hook{query}`; the status and
    /// the receiver's answer.
    pub async fn post_hook(&self, query: &str, record: &Value, body: &str) -> (u16, String) {
        let response = reqwest::Client::new()
            .post(format!("http://127.0.0.1:{}/hook{query}", self.port))
            .header("content-type", "application/json")
            .header("webhook-id", record["id"].as_str().unwrap_or_default())
            .header(
                "webhook-timestamp",
                record["timestamp"].as_str().unwrap_or_default(),
            )
            .header(
                "webhook-signature",
                record["signature"].as_str().unwrap_or_default(),
            )
            .body(body.to_owned())
            .timeout(Duration::from_secs(10))
            .send()
            .await
            .expect("POST to the receiver");
        let status = response.status().as_u16();
        (status, response.text().await.unwrap_or_default())
    }
}

/// A port nothing listens on now (bound, then released).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}
