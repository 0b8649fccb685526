//! Redis that fails: a port that accepts connections and never answers, and a Redis that
//! stops mid-run and comes back. The portal must neither hang at start-up nor on a request;
//! it goes on degraded (counters and locks in memory, sessions refused at once with the 503
//! page) and recovers within seconds of Redis answering again.

use std::{
    net::TcpListener as StdListener,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use serde_json::json;
use tokio::net::TcpListener;

use crate::support::{client, eventually, spawn_app_with, TestApp};

/// A port that accepts TCP connections and never reads or answers: a hung Redis.
async fn silent_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    port
}

async fn issue_link(app: &TestApp, key: &str, template: &str) -> (u16, Duration) {
    let started = Instant::now();
    let (status, _) = app
        .api_post(
            key,
            "/api/v1/links",
            &json!({"kind": "dedicated", "template_id": template}),
        )
        .await;
    (status, started.elapsed())
}

#[tokio::test]
async fn a_redis_that_accepts_and_never_answers_costs_start_up_and_requests_only_a_moment() {
    let port = silent_port().await;
    let started = Instant::now();
    let app = tokio::time::timeout(
        Duration::from_secs(10),
        spawn_app_with(|settings| settings.redis_url = Some(format!("redis://127.0.0.1:{port}"))),
    )
    .await
    .expect("the portal starts although Redis does not answer");
    assert!(started.elapsed() < Duration::from_secs(10));

    let ready = client().get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200, "the database answers: ready, degraded");
    assert!(ready.text().await.unwrap().contains("redis: unreachable"));

    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let template = app.connect_demo_template(&tenant).await;
    let key = app.api_key(&tenant).await;
    for _ in 0..3 {
        let (status, took) = issue_link(&app, &key, &template.provider_template_id).await;
        assert_eq!(status, 201, "the API works without Redis");
        assert!(took < Duration::from_secs(3), "an API call took {took:?}");
    }

    assert_sessions_refused_at_once(&app).await;
}

/// Signing in needs a session: while Redis is away it gets the 503 page, quickly.
async fn assert_sessions_refused_at_once(app: &TestApp) {
    let started = Instant::now();
    let login = app
        .post_login(&client(), "owner@acme.test", crate::support::PASSWORD)
        .await;
    assert_eq!(login.status(), 503, "sessions are unavailable, and say so");
    assert!(login.headers().contains_key("content-security-policy"));
    assert!(login.headers().contains_key("retry-after"));
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
}

/// A private `redis-server` on its own port, so stopping it disturbs nothing else.
struct PrivateRedis {
    port: u16,
    child: Option<Child>,
}

impl PrivateRedis {
    fn start_on(port: u16) -> Self {
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server is installed (it is on CI machines and in .ci/run)");
        Self {
            port,
            child: Some(child),
        }
    }

    fn start() -> Self {
        let port = StdListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        Self::start_on(port)
    }

    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    async fn wait_until_up(&self) {
        let up = eventually(Duration::from_secs(10), || async {
            tokio::net::TcpStream::connect(("127.0.0.1", self.port))
                .await
                .is_ok()
        })
        .await;
        assert!(up, "redis-server answers on its port");
    }
}

impl Drop for PrivateRedis {
    fn drop(&mut self) {
        self.kill();
    }
}

async fn readiness(app: &TestApp) -> String {
    client()
        .get(app.url("/readyz"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn when_redis_stops_requests_go_on_and_when_it_returns_the_portal_recovers_within_seconds() {
    let mut redis = PrivateRedis::start();
    redis.wait_until_up().await;
    let port = redis.port;
    let app =
        spawn_app_with(|settings| settings.redis_url = Some(format!("redis://127.0.0.1:{port}")))
            .await;
    assert!(readiness(&app).await.contains("redis: connected"));
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let template = app.connect_demo_template(&tenant).await;
    let key = app.api_key(&tenant).await;

    redis.kill();
    for _ in 0..3 {
        let (status, took) = issue_link(&app, &key, &template.provider_template_id).await;
        assert_eq!(status, 201, "the API goes on while Redis is down");
        assert!(took < Duration::from_secs(3), "an API call took {took:?}");
    }
    assert_sessions_refused_at_once(&app).await;

    let back = PrivateRedis::start_on(port);
    back.wait_until_up().await;
    let returned = Instant::now();
    let recovered = eventually(Duration::from_secs(5), || async {
        readiness(&app).await.contains("redis: connected")
    })
    .await;
    assert!(recovered, "the portal sees Redis again within 5 s");
    let http = client();
    app.login(&http, "owner@acme.test").await;
    assert_eq!(http.get(app.url("/")).send().await.unwrap().status(), 200);
    assert!(
        returned.elapsed() < Duration::from_secs(5),
        "recovered in {:?}",
        returned.elapsed()
    );
}
