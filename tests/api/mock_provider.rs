//! A tiny Persona-shaped HTTP server on 127.0.0.1 for the provider client's tests.
//!
//! It answers with a script of canned responses (the last one repeats), records every
//! request, and, like Persona, replays a POST whose `Idempotency-Key` it has already acted on
//! instead of acting twice. `effects()` lists the keys it acted on: one logical operation
//! that creates two effects means a retry changed its key.

use std::{
    collections::{HashMap, VecDeque},
    net::TcpListener,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use actix_web::{dev::ServerHandle, web, App, HttpRequest, HttpResponse, HttpServer};
use inquiry_portal::provider::{ProviderClient, ProviderConfig};

pub const API_KEY: &str = "persona_test_key_do_not_log";

/// Reads a recorded payload from `tests/fixtures/persona/`.
pub fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/persona/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read fixture {path}: {e}"))
}

pub fn fixture_json(name: &str) -> serde_json::Value {
    serde_json::from_str(&fixture(name)).expect("fixture is JSON")
}

#[derive(Clone, Debug)]
pub struct Canned {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// Held before answering: longer than the client's timeout simulates a hung provider.
    pub delay: Duration,
    /// Whether a POST answered this way has acted (created, resumed…); 2xx by default.
    pub effect: bool,
}

impl Canned {
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: body.into(),
            delay: Duration::ZERO,
            effect: (200..300).contains(&status),
        }
    }

    pub fn fixture(status: u16, name: &str) -> Self {
        Self::json(status, fixture(name))
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn delayed(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    /// Header names lower-cased.
    pub headers: HashMap<String, String>,
    pub body: String,
    pub at: Instant,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).expect("request body is JSON")
    }
}

#[derive(Default)]
struct State {
    script: VecDeque<Canned>,
    requests: Vec<Recorded>,
    effects: Vec<String>,
    replays: HashMap<String, Canned>,
}

pub struct MockProvider {
    /// The API root to give the client, like `https://api.withpersona.com/api/v1`.
    pub base: String,
    state: Arc<Mutex<State>>,
    handle: ServerHandle,
}

impl Drop for MockProvider {
    fn drop(&mut self) {
        let handle = self.handle.clone();
        tokio::spawn(async move { handle.stop(false).await });
    }
}

impl MockProvider {
    pub fn start(script: Vec<Canned>) -> Self {
        let state = Arc::new(Mutex::new(State {
            script: script.into(),
            ..State::default()
        }));
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the mock provider");
        let port = listener.local_addr().expect("local addr").port();
        let shared = web::Data::from(state.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(shared.clone())
                .default_service(web::to(answer))
        })
        .workers(1)
        .disable_signals()
        .listen(listener)
        .expect("listen")
        .run();
        let handle = server.handle();
        tokio::spawn(server);
        Self {
            base: format!("http://127.0.0.1:{port}/api/v1"),
            state,
            handle,
        }
    }

    /// A config for this mock: short timeouts and backoff so that fault tests run fast.
    pub fn config(&self) -> ProviderConfig {
        let mut config = ProviderConfig::new(self.base.parse().expect("base URL"), API_KEY);
        config.timeout = Duration::from_secs(5);
        config.backoff_base = Duration::from_millis(10);
        config
    }

    pub fn client(&self) -> ProviderClient {
        ProviderClient::new(self.config()).expect("provider client")
    }

    /// Replaces the script, for tests that learn what to answer after starting the mock.
    pub fn set_script(&self, script: Vec<Canned>) {
        self.state.lock().expect("mock state").script = script.into();
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.state.lock().expect("mock state").requests.clone()
    }

    pub fn only_request(&self) -> Recorded {
        let requests = self.requests();
        assert_eq!(requests.len(), 1, "expected exactly one request");
        requests.into_iter().next().expect("one request")
    }

    /// The idempotency keys of the POSTs the mock acted on, in order.
    pub fn effects(&self) -> Vec<String> {
        self.state.lock().expect("mock state").effects.clone()
    }
}

async fn answer(
    request: HttpRequest,
    body: web::Bytes,
    state: web::Data<Mutex<State>>,
) -> HttpResponse {
    let recorded = Recorded {
        method: request.method().to_string(),
        path: request.path().to_owned(),
        query: url::form_urlencoded::parse(request.query_string().as_bytes())
            .into_owned()
            .collect(),
        headers: request
            .headers()
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_ascii_lowercase(),
                    value.to_str().unwrap_or("<binary>").to_owned(),
                )
            })
            .collect(),
        body: String::from_utf8_lossy(&body).into_owned(),
        at: Instant::now(),
    };
    let key = (recorded.method == "POST")
        .then(|| recorded.header("idempotency-key").map(str::to_owned))
        .flatten();
    let canned = {
        let mut state = state.lock().expect("mock state");
        state.requests.push(recorded);
        match key.as_ref().and_then(|k| state.replays.get(k)) {
            Some(replay) => replay.clone(),
            None => {
                let canned = if state.script.len() > 1 {
                    state.script.pop_front()
                } else {
                    state.script.front().cloned()
                }
                .unwrap_or_else(|| Canned::json(500, "{\"errors\":[{\"title\":\"no script\"}]}"));
                if let (Some(key), true) = (&key, canned.effect) {
                    state.effects.push(key.clone());
                    let replay = Canned {
                        delay: Duration::ZERO,
                        ..canned.clone()
                    };
                    state.replays.insert(key.clone(), replay);
                }
                canned
            }
        }
    };
    if !canned.delay.is_zero() {
        tokio::time::sleep(canned.delay).await;
    }
    let mut response = HttpResponse::build(
        actix_web::http::StatusCode::from_u16(canned.status).expect("status code"),
    );
    response.content_type("application/json");
    for (name, value) in &canned.headers {
        response.insert_header((name.as_str(), value.as_str()));
    }
    response.body(canned.body)
}
