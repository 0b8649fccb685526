//! A local HTTP server standing in for the portal's webhook endpoint, for the sandbox's
//! webhook tests.

use std::sync::{
    atomic::{AtomicUsize, Ordering},
    Arc, Mutex,
};

use serde_json::Value;

/// One webhook as the receiver saw it.
#[derive(Clone, Debug)]
pub struct Delivery {
    pub signature: String,
    pub body: String,
}

impl Delivery {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).expect("webhook body is JSON")
    }

    pub fn event_name(&self) -> String {
        self.json()["data"]["attributes"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

/// A local HTTP server standing in for the portal's webhook endpoint. It answers 500 to
/// the first `failures` deliveries and 200 to the rest, and records the successful ones.
pub struct Receiver {
    pub url: String,
    received: Arc<Mutex<Vec<Delivery>>>,
    attempts: Arc<AtomicUsize>,
    server: actix_web::dev::ServerHandle,
}

impl Receiver {
    pub async fn start(failures: usize) -> Self {
        use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
        let received: Arc<Mutex<Vec<Delivery>>> = Arc::default();
        let attempts: Arc<AtomicUsize> = Arc::default();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind the receiver");
        let port = listener.local_addr().expect("receiver address").port();
        let (store, counter) = (received.clone(), attempts.clone());
        let server = HttpServer::new(move || {
            let (store, counter) = (store.clone(), counter.clone());
            App::new().route(
                "/hook",
                web::post().to(move |req: HttpRequest, body: web::Bytes| {
                    let (store, counter) = (store.clone(), counter.clone());
                    async move {
                        if counter.fetch_add(1, Ordering::SeqCst) < failures {
                            return HttpResponse::InternalServerError().finish();
                        }
                        let signature = req
                            .headers()
                            .get("persona-signature")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or_default()
                            .to_owned();
                        store.lock().unwrap().push(Delivery {
                            signature,
                            body: String::from_utf8_lossy(&body).into_owned(),
                        });
                        HttpResponse::Ok().finish()
                    }
                }),
            )
        })
        .workers(1)
        .listen(listener)
        .expect("receiver listens")
        .run();
        let handle = server.handle();
        tokio::spawn(server);
        Self {
            url: format!("http://127.0.0.1:{port}/hook"),
            received,
            attempts,
            server: handle,
        }
    }

    pub fn deliveries(&self) -> Vec<Delivery> {
        self.received.lock().unwrap().clone()
    }

    pub fn attempts(&self) -> usize {
        self.attempts.load(Ordering::SeqCst)
    }

    pub fn names(&self) -> Vec<String> {
        self.deliveries().iter().map(Delivery::event_name).collect()
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let handle = self.server.clone();
        tokio::spawn(async move { handle.stop(false).await });
    }
}
