use std::collections::HashMap;

use thirtyfour::WebDriver;

use inquiry_portal::entities::inquiries;

use crate::support::{client, spawn_app_with, status::WEBHOOK_SECRET, TestApp};

/// One scenario's state: a fresh portal, one HTTP client per person, and the last answer.
#[derive(cucumber::World)]
#[world(init = Self::new)]
pub struct PortalWorld {
    app: Option<TestApp>,
    clients: HashMap<String, reqwest::Client>,
    /// Who "they" refers to in a step.
    pub actor: Option<String>,
    pub last_status: Option<u16>,
    pub last_body: String,
    pub browser: Option<WebDriver>,
    /// Inquiries seeded by status steps, by their link's reference id.
    pub inquiries: HashMap<String, inquiries::Model>,
    /// Webhook bodies sent so far (for unique event ids) and the last one (for replays).
    pub webhooks_sent: u32,
    pub last_webhook: Option<String>,
}

impl std::fmt::Debug for PortalWorld {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PortalWorld")
            .field("app", &self.app.as_ref().map(|app| app.address.clone()))
            .field("actor", &self.actor)
            .field("last_status", &self.last_status)
            .finish()
    }
}

impl PortalWorld {
    fn new() -> Self {
        Self {
            app: None,
            clients: HashMap::new(),
            actor: None,
            last_status: None,
            last_body: String::new(),
            browser: None,
            inquiries: HashMap::new(),
            webhooks_sent: 0,
            last_webhook: None,
        }
    }

    /// The scenario's portal, spawned on first use.
    pub async fn app(&mut self) -> &TestApp {
        if self.app.is_none() {
            // Webhooks are signed with a known secret, as the provider's would be.
            self.app = Some(
                spawn_app_with(|s| s.persona_webhook_secret = Some(WEBHOOK_SECRET.into())).await,
            );
        }
        self.app.as_ref().expect("app was just spawned")
    }

    /// The HTTP client (with its own cookie jar) of the person `email`.
    pub fn client_of(&mut self, email: &str) -> reqwest::Client {
        self.clients
            .entry(email.to_owned())
            .or_insert_with(client)
            .clone()
    }

    /// The current actor's email and client.
    pub fn current(&mut self) -> (String, reqwest::Client) {
        let email = self.actor.clone().expect("a step must name who acts first");
        let client = self.client_of(&email);
        (email, client)
    }

    pub async fn remember(&mut self, response: reqwest::Response) {
        self.last_status = Some(response.status().as_u16());
        self.last_body = response.text().await.unwrap_or_default();
    }

    pub async fn close_browser(&mut self) {
        if let Some(browser) = self.browser.take() {
            let _ = browser.quit().await;
        }
    }
}
