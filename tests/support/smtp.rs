//! A real SMTP server for the mail tests: `tests/smtp_server.py` (aiosmtpd from PyPI) on a
//! free 127.0.0.1 port, storing what it accepts as JSON files the tests read.

use std::{
    io::{BufRead, BufReader},
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::Duration,
};

use serde::Deserialize;

/// A message the server accepted, with both parts decoded.
#[derive(Clone, Debug, Deserialize)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_tos: Vec<String>,
    pub subject: String,
    pub from: String,
    pub text: Option<String>,
    pub html: Option<String>,
}

pub struct SmtpServer {
    pub port: u16,
    dir: tempfile::TempDir,
    child: Child,
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl SmtpServer {
    /// Starts the server; panics (with how to install it) when aiosmtpd is missing.
    pub fn start() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/smtp_server.py");
        let mut child = Command::new("python3")
            .arg(script)
            .arg(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 runs tests/smtp_server.py");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the SMTP server says READY");
        let port = line
            .trim()
            .strip_prefix("READY ")
            .and_then(|port| port.parse().ok())
            .unwrap_or_else(|| {
                panic!("tests/smtp_server.py did not start (pip install aiosmtpd): {line:?}")
            });
        Self { port, dir, child }
    }

    /// `smtp://127.0.0.1:<port>`: plain SMTP, as for a local relay.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The next message is refused with `reply` (a 4xx, say), then all is well again.
    pub fn refuse_once(&self, reply: &str) {
        std::fs::write(self.dir.path().join("refuse_once"), reply).expect("write refuse_once");
    }

    /// Every message is refused with `reply` (a 5xx, say).
    pub fn refuse_always(&self, reply: &str) {
        std::fs::write(self.dir.path().join("refuse_always"), reply).expect("write refuse_always");
    }

    /// Whether the next refusal is still pending (the server has not seen a message yet).
    pub fn refusal_pending(&self) -> bool {
        self.dir.path().join("refuse_once").exists()
    }

    /// Every message accepted so far, in order.
    pub fn received(&self) -> Vec<Received> {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .expect("read the mail dir")
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|path| {
                serde_json::from_str(&std::fs::read_to_string(path).expect("read a message"))
                    .expect("a stored message")
            })
            .collect()
    }

    /// Waits until at least `count` messages arrived; returns them.
    pub async fn wait_for(&self, count: usize) -> Vec<Received> {
        let arrived = super::eventually(Duration::from_secs(20), || async {
            self.received().len() >= count
        })
        .await;
        assert!(
            arrived,
            "{count} message(s) should arrive; got {:?}",
            self.received()
        );
        self.received()
    }
}
