use std::collections::HashMap;

use serde_json::Value;
use thirtyfour::WebDriver;

use inquiry_portal::entities::inquiries;

use crate::support::{
    client, device::Device, spawn_app_with, spawn_instance_like, status::WEBHOOK_SECRET, TestApp,
};

/// The Redis of `@redis` scenarios; they are not run without it.
pub fn redis_url() -> Option<String> {
    std::env::var("TEST_REDIS_URL")
        .ok()
        .filter(|url| !url.is_empty())
}

/// One scenario's state: a fresh portal, one HTTP client per person, and the last answer.
#[derive(cucumber::World)]
#[world(init = Self::new)]
pub struct PortalWorld {
    app: Option<TestApp>,
    /// Whether the scenario is tagged `@redis`: its portal then uses `TEST_REDIS_URL`.
    pub wants_redis: bool,
    /// Another instance on the same database and Redis (`@redis` scenarios).
    second: Option<TestApp>,
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
    /// End users' browsers over HTTP, by person (or device) name.
    devices: HashMap<String, Device>,
    /// End users' real browsers (`@browser` scenarios), by person (or device) name.
    end_user_browsers: HashMap<String, WebDriver>,
    /// Who "they" refers to in an end user's step.
    pub visitor: Option<String>,
    /// Links by the name a scenario gives them: the API's answer when they were issued.
    pub links: HashMap<String, Value>,
    api_keys: HashMap<String, String>,
    /// The demo template's id at the sandbox, and the inquiry made there directly.
    pub sandbox_template: Option<String>,
    pub sandbox_inquiry: Option<String>,
    /// Session tokens handed out in this scenario, oldest first.
    pub session_tokens: Vec<String>,
    /// The last answer of the tenant API: status and JSON.
    pub api_answer: Option<(u16, Value)>,
    /// A one-time access link or link URL a person copied from a page.
    pub copied_url: Option<String>,
    /// The tenant app that embeds the flow (`@persona_sdk` scenarios); its origin may frame
    /// the sandbox's flow, which the portal must know before it starts.
    pub tenant_app: Option<crate::tenant_app::TenantApp>,
    /// `PORTAL_PROVIDER_DEADLINE_SECONDS` for the scenario's portal, set before it starts.
    pub provider_deadline: Option<std::time::Duration>,
    /// The real SMTP server the scenario's portal sends mail through, set before it starts.
    pub smtp: Option<crate::support::smtp::SmtpServer>,
    /// A tenant backend's webhook receiver (verifies with `standardwebhooks`) and the id of
    /// the endpoint registered for it.
    pub webhook_receiver: Option<crate::support::receiver::Receiver>,
    pub webhook_endpoint: Option<String>,
    /// The actor's authenticator app: its secret, recovery codes and the last code used.
    pub second_factor: Option<(String, Vec<String>, String)>,
    /// An API key limited by a scenario (scopes, expiry, networks).
    pub scoped_key: Option<String>,
    /// The portal's public URL, set before it starts (passkeys need `localhost`).
    pub public_url: Option<String>,
    /// The tenant's OpenID provider (single sign-on scenarios).
    pub identity_provider: Option<crate::support::oidc::IdentityProvider>,
    /// Bulk uploads of the scenario, oldest first: their page's path and the file sent.
    pub bulk_uploads: Vec<(String, String)>,
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
            wants_redis: false,
            second: None,
            clients: HashMap::new(),
            actor: None,
            last_status: None,
            last_body: String::new(),
            browser: None,
            inquiries: HashMap::new(),
            webhooks_sent: 0,
            last_webhook: None,
            devices: HashMap::new(),
            end_user_browsers: HashMap::new(),
            visitor: None,
            links: HashMap::new(),
            api_keys: HashMap::new(),
            sandbox_template: None,
            sandbox_inquiry: None,
            session_tokens: Vec::new(),
            api_answer: None,
            copied_url: None,
            tenant_app: None,
            provider_deadline: None,
            smtp: None,
            identity_provider: None,
            webhook_receiver: None,
            webhook_endpoint: None,
            second_factor: None,
            scoped_key: None,
            public_url: None,
            bulk_uploads: Vec::new(),
        }
    }

    /// The scenario's portal, spawned on first use.
    pub async fn app(&mut self) -> &TestApp {
        if self.app.is_none() {
            // Webhooks are signed with a known secret, as the provider's would be.
            // Redis only for `@redis` scenarios: `TEST_REDIS_URL` is set for those runs.
            let redis_url = self.wants_redis.then(redis_url).flatten();
            let embed_origins = self.tenant_app.iter().map(|app| app.origin.clone());
            let embed_origins: Vec<String> = embed_origins.collect();
            let deadline = self.provider_deadline;
            let smtp_url = self.smtp.as_ref().map(|smtp| smtp.url());
            let public_url = self.public_url.clone();
            self.app = Some(
                spawn_app_with(|s| {
                    s.persona_webhook_secret = Some(WEBHOOK_SECRET.into());
                    s.redis_url = redis_url;
                    s.sandbox_embed_origins = embed_origins;
                    if let Some(deadline) = deadline {
                        s.provider_deadline = deadline;
                    }
                    if let Some(url) = public_url {
                        s.public_url = url;
                    }
                    if let Some(url) = smtp_url {
                        s.mail.smtp_url = Some(url);
                        s.mail.poll_interval = std::time::Duration::from_millis(100);
                    }
                })
                .await,
            );
        }
        self.app.as_ref().expect("app was just spawned")
    }

    /// Whether the scenario's portal is running yet.
    pub fn app_started(&self) -> bool {
        self.app.is_some()
    }

    /// Starts a second instance like the scenario's portal, which must already share a
    /// database and Redis: `@redis` scenarios get a portal on `TEST_REDIS_URL`.
    pub async fn start_second_instance(&mut self) {
        let first = self.app().await;
        assert!(
            first.settings.redis_url.is_some(),
            "a second instance needs Redis: tag the scenario @redis"
        );
        let second = spawn_instance_like(first).await;
        self.second = Some(second);
    }

    /// The second instance (see [`Self::start_second_instance`]).
    pub fn second(&self) -> &TestApp {
        self.second
            .as_ref()
            .expect("a step must start the second instance first")
    }

    /// The HTTP client (with its own cookie jar) of the person `email`.
    pub fn client_of(&mut self, email: &str) -> reqwest::Client {
        self.clients
            .entry(email.to_owned())
            .or_insert_with(client)
            .clone()
    }

    /// The HTTP client of the person `name` whose browser asks for `languages` (an
    /// `Accept-Language` value): its own cookie jar, redirects not followed.
    pub fn client_speaking(&mut self, name: &str, languages: &str) -> reqwest::Client {
        let mut headers = reqwest::header::HeaderMap::new();
        let value = reqwest::header::HeaderValue::from_str(languages).expect("a header value");
        headers.insert(reqwest::header::ACCEPT_LANGUAGE, value);
        let speaker = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .build()
            .expect("reqwest client");
        self.visitor = Some(name.to_owned());
        self.clients.insert(name.to_owned(), speaker.clone());
        speaker
    }

    /// The client of `email`, signed in (once) if it was not yet.
    pub async fn signed_in_client(&mut self, email: &str) -> reqwest::Client {
        let client = self.client_of(email);
        let app = self.app().await;
        let home = client.get(app.url("/")).send().await.expect("GET /");
        let to_login = home
            .headers()
            .get("location")
            .is_some_and(|l| l == "/login");
        if to_login {
            app.login(&client, email).await;
        }
        client
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

    /// The HTTP browser of `name` (created on first use); "they" now refers to them.
    pub async fn device(&mut self, name: &str) -> &mut Device {
        let origin = self.app().await.address.clone();
        self.visitor = Some(name.to_owned());
        self.devices
            .entry(name.to_owned())
            .or_insert_with(|| Device::new(&origin))
    }

    /// The HTTP browser of the person "they" refers to.
    pub fn visitor_device(&mut self) -> &mut Device {
        let name = self.visitor.clone().expect("an end user must act first");
        self.devices
            .get_mut(&name)
            .unwrap_or_else(|| panic!("{name} has no browser yet"))
    }

    /// The real browser of `name`, started on first use; "they" now refers to them.
    pub async fn end_user_browser(&mut self, name: &str) -> WebDriver {
        self.visitor = Some(name.to_owned());
        if let Some(browser) = self.end_user_browsers.get(name) {
            return browser.clone();
        }
        let browser = crate::browser::new_browser().await;
        self.end_user_browsers
            .insert(name.to_owned(), browser.clone());
        browser
    }

    /// Quits the real browser of `name`, if one is running.
    pub async fn quit_end_user_browser(&mut self, name: &str) {
        if let Some(browser) = self.end_user_browsers.remove(name) {
            browser.quit().await.expect("the browser quits");
        }
    }

    /// The link a scenario named `name`.
    pub fn link(&self, name: &str) -> &Value {
        self.links
            .get(name)
            .unwrap_or_else(|| panic!("no link named {name}"))
    }

    /// An API key of the tenant `slug`, made on first use.
    pub async fn api_key(&mut self, slug: &str) -> String {
        if let Some(key) = self.api_keys.get(slug) {
            return key.clone();
        }
        let app = self.app().await;
        let tenant = inquiry_portal::repo::tenants::find_by_slug(&app.db.connection, slug)
            .await
            .expect("query")
            .unwrap_or_else(|| panic!("no tenant {slug}"));
        let key = app.api_key(&tenant).await;
        self.api_keys.insert(slug.to_owned(), key.clone());
        key
    }

    pub async fn close_browser(&mut self) {
        if let Some(browser) = self.browser.take() {
            let _ = browser.quit().await;
        }
        for (_, browser) in self.end_user_browsers.drain() {
            let _ = browser.quit().await;
        }
    }
}
