//! The example tenant app of `examples/embedded/`, for `@persona_sdk` scenarios: its own
//! page and script, Persona's official SDK as `npm ci` installed it there, and, in place of
//! the example's backend, one that hands the page the inquiry id and session token a step
//! obtained from the portal. It runs on its own origin, as a tenant's app would.

use std::{
    net::TcpListener,
    path::PathBuf,
    sync::{Arc, Mutex},
};

use actix_web::{http::header, web, App, HttpResponse, HttpServer};
use serde_json::Value;

fn example_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/embedded")
}

/// The SDK build the page loads; present once `npm ci --prefix examples/embedded` ran.
pub fn sdk_path() -> PathBuf {
    example_dir().join("node_modules/persona/dist/persona.js")
}

type Handoff = Arc<Mutex<Option<Value>>>;

pub struct TenantApp {
    /// `http://127.0.0.1:<port>`: the origin the portal must allow to frame its flow.
    pub origin: String,
    handoff: Handoff,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for TenantApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

fn file(relative: &str, content_type: &'static str) -> HttpResponse {
    match std::fs::read(example_dir().join(relative)) {
        Ok(body) => HttpResponse::Ok()
            .content_type(content_type)
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .body(body),
        Err(_) => HttpResponse::NotFound().body(format!("{relative} is missing")),
    }
}

async fn verification(handoff: web::Data<Handoff>) -> HttpResponse {
    match handoff.lock().expect("handoff lock").clone() {
        Some(answer) => HttpResponse::Ok().json(answer),
        None => HttpResponse::ServiceUnavailable().body("no verification was prepared"),
    }
}

impl TenantApp {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the tenant app");
        let port = listener.local_addr().expect("tenant app address").port();
        let handoff: Handoff = Arc::new(Mutex::new(None));
        let data = web::Data::new(handoff.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .route(
                    "/",
                    web::get()
                        .to(|| async { file("public/index.html", "text/html; charset=utf-8") }),
                )
                .route(
                    "/app.js",
                    web::get().to(|| async { file("public/app.js", "text/javascript") }),
                )
                .route(
                    "/persona.js",
                    web::get().to(|| async {
                        file("node_modules/persona/dist/persona.js", "text/javascript")
                    }),
                )
                .route("/verification", web::post().to(verification))
        })
        .workers(1)
        .disable_signals()
        .listen(listener)
        .expect("the tenant app listens")
        .run();
        let server = tokio::spawn(async move {
            let _ = server.await;
        });
        Self {
            origin: format!("http://127.0.0.1:{port}"),
            handoff,
            server,
        }
    }

    /// What the app's backend answers the page next: an inquiry id, a session token and
    /// the SDK's `host`.
    pub fn prepare(&self, answer: Value) {
        *self.handoff.lock().expect("handoff lock") = Some(answer);
    }
}
