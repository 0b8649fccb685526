//! `spawn_app()`: a real portal on a random port with a fresh database, used by every
//! integration and BDD test. SQLite by default; PostgreSQL when `TEST_DATABASE_URL` is set
//! (one new database per app).
#![allow(dead_code)]

pub mod bulk;
pub mod device;
pub mod footprint;
pub mod links;
pub mod oidc;
pub mod passkey;
pub mod receiver;
pub mod sandbox;
pub mod second_factor;
pub mod smtp;
pub mod status;
pub mod visitor;

use std::{net::TcpListener, time::Duration};

use inquiry_portal::{
    accounts::{self, NewTenantRequest},
    auth::PasswordHasher,
    config::{LoginThrottleSettings, ProviderKind, Settings},
    db::Database,
    domain::Role,
    entities::{tenants, users},
    startup::Application,
    state::AppState,
};
use sea_orm::{ConnectionTrait, Statement};

pub const PASSWORD: &str = "correct horse battery staple";
/// A public URL that `start` completes with the app's port.
pub const LOCALHOST: &str = "http://localhost";

pub struct TestApp {
    pub address: String,
    pub port: u16,
    pub db: Database,
    pub settings: Settings,
    pub hasher: PasswordHasher,
    /// The running server's shared state (to drive jobs such as the reconciler directly).
    pub state: actix_web::web::Data<AppState>,
    _data_dir: tempfile::TempDir,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

pub fn test_settings(data_dir: &std::path::Path) -> Settings {
    Settings {
        database_url: String::new(),
        bind: "127.0.0.1:0".into(),
        public_url: String::new(),
        data_dir: data_dir.to_path_buf(),
        session_key: (0..64u8)
            .map(|i| i.wrapping_mul(7).wrapping_add(1))
            .collect(),
        data_key: (0..32u8)
            .map(|i| i.wrapping_mul(13).wrapping_add(3))
            .collect(),
        provider: ProviderKind::Sandbox,
        persona_api_base: String::new(),
        persona_api_key: None,
        persona_webhook_secret: None,
        persona_hosted_flow_url: String::new(),
        persona_environment_id: None,
        sandbox_api_key: "sbx_test_key".into(),
        sandbox_webhook_url: None,
        // The tests' sandbox inquiries return to `https://portal.example/…`, as an
        // operator's would to a host they allowed.
        sandbox_redirect_hosts: vec!["portal.example".into()],
        // No app may frame the sandbox's embedded flow unless a test says so.
        sandbox_embed_origins: Vec::new(),
        redis_url: None,
        trusted_proxies: Vec::new(),
        // Per app (and the instances spawned like it): tests share one Redis, and its
        // counters outlive a run.
        redis_namespace: format!("test-{}", inquiry_portal::domain::random_token(12)),
        session_idle_timeout: Duration::from_secs(30 * 60),
        session_absolute_timeout: Duration::from_secs(12 * 60 * 60),
        login: LoginThrottleSettings::default(),
        operator_require_mfa: false,
        database_max_connections: 5,
        // Long, so the background reconciler stays out of the way; tests that exercise it
        // call `reconcile_once` or shorten this.
        reconcile_interval: Duration::from_secs(3600),
        provider_deadline: Duration::from_secs(15),
        request_read_timeout: Duration::from_secs(10),
        metrics_token: None,
        mail: inquiry_portal::config::MailSettings::outbox_only("http://127.0.0.1"),
        // The tests' receivers listen on 127.0.0.1 over http; the background worker waits
        // long between passes, so tests drive `tenant_webhooks::worker::run_once`.
        tenant_webhooks: inquiry_portal::config::TenantWebhookSettings {
            allow_private: true,
            poll_interval: Duration::from_secs(3600),
            ..Default::default()
        },
        // The tests' identity provider listens on 127.0.0.1 over http.
        oidc_allow_private: true,
    }
}

/// A fresh, empty database URL: a SQLite file in `dir`, or a new PostgreSQL database.
pub async fn fresh_database_url(dir: &std::path::Path) -> String {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(base) if !base.is_empty() => {
            let name = format!("portal_test_{}", rand_suffix());
            let admin = sea_orm::Database::connect(&base)
                .await
                .expect("TEST_DATABASE_URL must be reachable");
            drop_databases_of_earlier_runs(&admin).await;
            admin
                .execute_raw(Statement::from_string(
                    admin.get_database_backend(),
                    format!("CREATE DATABASE {name}"),
                ))
                .await
                .expect("create test database");
            let _ = admin.close().await;
            match base.rsplit_once('/') {
                Some((server, _)) => format!("{server}/{name}"),
                None => panic!("TEST_DATABASE_URL must end in /<database>"),
            }
        }
        _ => format!("sqlite://{}/portal.db?mode=rwc", dir.display()),
    }
}

/// Drops test databases older than two hours (once per process), so repeated runs on one
/// PostgreSQL server do not pile databases up, while concurrent runs keep theirs.
async fn drop_databases_of_earlier_runs(admin: &sea_orm::DatabaseConnection) {
    static DONE: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    DONE.get_or_init(|| async {
        let cutoff = unix_seconds().saturating_sub(2 * 60 * 60);
        let rows = admin
            .query_all_raw(Statement::from_string(
                admin.get_database_backend(),
                "SELECT datname FROM pg_database WHERE datname LIKE 'portal\\_test\\_%'".to_owned(),
            ))
            .await
            .unwrap_or_default();
        for row in rows {
            let Ok(name) = row.try_get::<String>("", "datname") else {
                continue;
            };
            let created = name
                .strip_prefix("portal_test_")
                .and_then(|rest| rest.split('_').next())
                .and_then(|seconds| seconds.parse::<u64>().ok());
            // Only names that start with a plausible timestamp older than the cutoff go.
            if !created.is_some_and(|created| created > 1_700_000_000 && created < cutoff) {
                continue;
            }
            let _ = admin
                .execute_raw(Statement::from_string(
                    admin.get_database_backend(),
                    format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                ))
                .await;
        }
    })
    .await;
}

fn unix_seconds() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// `<unix seconds>_<pid>_<counter>`: unique, and old ones are recognisable by age.
fn rand_suffix() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    format!(
        "{}_{}_{}",
        unix_seconds(),
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Spawns an app after letting the test adjust its settings (timeouts, throttles…).
pub async fn spawn_app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let mut settings = test_settings(data_dir.path());
    settings.database_url = fresh_database_url(data_dir.path()).await;
    configure(&mut settings);
    start(settings, data_dir).await
}

/// A second instance on the same database (and the same keys and Redis): what the
/// multi-instance deployment runs, as local processes would.
pub async fn spawn_instance_like(first: &TestApp) -> TestApp {
    spawn_instance_like_with(first, |_| {}).await
}

/// A second instance on the same database whose settings the test adjusts, as after an
/// operator changed the configuration and restarted.
pub async fn spawn_instance_like_with(
    first: &TestApp,
    configure: impl FnOnce(&mut Settings),
) -> TestApp {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let mut settings = first.settings.clone();
    settings.data_dir = data_dir.path().to_path_buf();
    settings.public_url = String::new();
    settings.persona_api_base = String::new();
    settings.persona_hosted_flow_url = String::new();
    configure(&mut settings);
    start(settings, data_dir).await
}

async fn start(mut settings: Settings, data_dir: tempfile::TempDir) -> TestApp {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a random port");
    let port = listener.local_addr().expect("local addr").port();
    let address = format!("http://127.0.0.1:{port}");
    // A test may name an https public URL (to see what changes behind TLS) and still talk
    // plain HTTP to the port.
    if settings.public_url.is_empty() {
        settings.public_url = address.clone();
    }
    // WebAuthn needs a domain, not an IP address: a test may ask for the portal under
    // `localhost` on whatever port it got (still talking to 127.0.0.1).
    if settings.public_url == LOCALHOST {
        settings.public_url = format!("{LOCALHOST}:{port}");
    }
    if settings.persona_api_base.is_empty() {
        settings.persona_api_base = format!("{address}/sandbox/api/v1");
    }
    if settings.persona_hosted_flow_url.is_empty() {
        settings.persona_hosted_flow_url = format!("{address}/sandbox/verify");
    }
    let db = Database::connect(&settings.database_url, settings.database_max_connections)
        .await
        .expect("connect to the test database");
    db.migrate().await.expect("migrate the test database");
    let application = Application::build_with(settings.clone(), db.clone(), listener)
        .await
        .expect("build the application");
    let state = application.state();
    let server = tokio::spawn(async move {
        let _ = application.run_until_stopped().await;
    });
    TestApp {
        address,
        port,
        db,
        settings,
        hasher: PasswordHasher::new().expect("hasher"),
        state,
        _data_dir: data_dir,
        server,
    }
}

/// A browser-like client: keeps cookies, never follows redirects (tests look at them).
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("reqwest client")
}

/// The one-time `form_key` of the form in `html` that posts to `action`.
pub fn form_key_for(html: &str, action: &str) -> Option<String> {
    let form_start = html.find(&format!("action=\"{action}\""))?;
    let form = &html[form_start..];
    let form = &form[..form.find("</form>")?];
    let marker = "name=\"form_key\" value=\"";
    let start = form.find(marker)? + marker.len();
    let end = form[start..].find('"')? + start;
    Some(form[start..end].to_owned())
}

/// The value of the first `csrf_token` hidden input in a page.
pub fn csrf_token(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).expect("page has a csrf_token field") + marker.len();
    let end = html[start..].find('"').expect("closing quote") + start;
    html[start..end].to_owned()
}

impl TestApp {
    /// Stops this instance at once, as `kill -9` would: its server and background jobs
    /// are cancelled wherever they are; its database (and data dir) stay for the others.
    pub fn kill(&self) {
        self.server.abort();
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn create_operator(&self, email: &str) -> users::Model {
        accounts::create_user(
            &self.db,
            &self.hasher,
            "system:test",
            None,
            email,
            Role::Operator,
            PASSWORD,
        )
        .await
        .unwrap_or_else(|_| panic!("create operator {email}"))
    }

    pub async fn create_tenant(
        &self,
        slug: &str,
        owner_email: &str,
    ) -> (tenants::Model, users::Model) {
        accounts::create_tenant_with_owner(
            &self.db,
            &self.hasher,
            "system:test",
            NewTenantRequest {
                slug,
                name: &format!("Tenant {slug}"),
                admin_email: owner_email,
                admin_password: PASSWORD,
            },
        )
        .await
        .unwrap_or_else(|_| panic!("create tenant {slug}"))
    }

    pub async fn create_user(
        &self,
        tenant: &tenants::Model,
        email: &str,
        role: Role,
    ) -> users::Model {
        accounts::create_user(
            &self.db,
            &self.hasher,
            "system:test",
            Some(tenant.id),
            email,
            role,
            PASSWORD,
        )
        .await
        .unwrap_or_else(|_| panic!("create user {email}"))
    }

    /// GETs a page and returns its CSRF token (the login page's, before login).
    pub async fn csrf_from(&self, client: &reqwest::Client, path: &str) -> String {
        let html = client
            .get(self.url(path))
            .send()
            .await
            .expect("GET page")
            .text()
            .await
            .expect("page body");
        csrf_token(&html)
    }

    pub async fn post_login(
        &self,
        client: &reqwest::Client,
        email: &str,
        password: &str,
    ) -> reqwest::Response {
        let token = self.csrf_from(client, "/login").await;
        client
            .post(self.url("/login"))
            .form(&[
                ("email", email),
                ("password", password),
                ("csrf_token", &token),
            ])
            .send()
            .await
            .expect("POST /login")
    }

    /// Logs `client` in and checks that it worked.
    pub async fn login(&self, client: &reqwest::Client, email: &str) {
        let response = self.post_login(client, email, PASSWORD).await;
        assert_eq!(response.status(), 303, "login of {email} should redirect");
    }

    /// POSTs a form to `path` with the CSRF token found on `form_page`.
    pub async fn post_form(
        &self,
        client: &reqwest::Client,
        form_page: &str,
        path: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let token = self.csrf_from(client, form_page).await;
        let mut body: Vec<(&str, &str)> = fields.to_vec();
        body.push(("csrf_token", &token));
        client
            .post(self.url(path))
            .form(&body)
            .send()
            .await
            .expect("POST form")
    }

    /// Submits the form of `form_page` that posts to `path` as a browser does: with the
    /// page's CSRF token and that form's one-time key (when it has one).
    pub async fn submit_form(
        &self,
        client: &reqwest::Client,
        form_page: &str,
        path: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let html = client
            .get(self.url(form_page))
            .send()
            .await
            .expect("GET form page")
            .text()
            .await
            .expect("form page body");
        let token = csrf_token(&html);
        let form_key = form_key_for(&html, path);
        let mut body: Vec<(&str, &str)> = fields.to_vec();
        body.push(("csrf_token", &token));
        if let Some(key) = &form_key {
            body.push(("form_key", key));
        }
        client
            .post(self.url(path))
            .form(&body)
            .send()
            .await
            .expect("POST form")
    }

    /// Follows a 303 (Post/Redirect/Get) once; returns the page's status and body.
    pub async fn follow(
        &self,
        client: &reqwest::Client,
        response: reqwest::Response,
    ) -> (u16, String) {
        assert_eq!(response.status(), 303, "a form answers with a redirect");
        let location = location_header(&response).expect("a Location");
        let page = client
            .get(self.url(&location))
            .send()
            .await
            .expect("GET the redirect");
        (
            page.status().as_u16(),
            page.text().await.unwrap_or_default(),
        )
    }

    /// Counts the rows of a table, to prove that a refused request changed nothing.
    pub async fn count_rows(&self, table: &str) -> i64 {
        let backend = self.db.connection.get_database_backend();
        let row = self
            .db
            .connection
            .query_one_raw(Statement::from_string(
                backend,
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .expect("count query")
            .expect("one row");
        row.try_get::<i64>("", "n").expect("count")
    }
}

/// Polls `check` until it returns true or `deadline` passes; no fixed sleeps.
pub async fn eventually<F, Fut>(deadline: Duration, mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = std::time::Instant::now();
    loop {
        if check().await {
            return true;
        }
        if start.elapsed() > deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The `Location` header of a response, if it has one.
pub fn location_header(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// A client without a cookie jar, so the test controls exactly which cookie is sent.
pub fn bare_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

pub fn cookie_value(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(|v| v.split(';').next().unwrap_or_default().to_owned())
}

/// Logs in without a jar; returns the session cookie pair `portal_session=…`.
pub async fn login_for_cookie(app: &TestApp, email: &str) -> String {
    let http = bare_client();
    let login_page = http.get(app.url("/login")).send().await.unwrap();
    let csrf_cookie = cookie_value(&login_page, "portal_login_csrf").unwrap();
    let token = csrf_token(&login_page.text().await.unwrap());
    let response = http
        .post(app.url("/login"))
        .header("cookie", &csrf_cookie)
        .form(&[
            ("email", email),
            ("password", PASSWORD),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let set_cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|v| v.starts_with("portal_session="))
        .expect("a session cookie at login");
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    assert!(set_cookie.contains("Path=/"), "{set_cookie}");
    assert!(
        !set_cookie.to_lowercase().contains("domain="),
        "{set_cookie}"
    );
    assert!(set_cookie.len() <= 4096);
    cookie_value(&response, "portal_session").unwrap()
}

pub async fn status_with_cookie(app: &TestApp, cookie: &str, path: &str) -> u16 {
    bare_client()
        .get(app.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Every outbox message, oldest first (the BDD steps read invitations from it).
pub async fn mail_rows(app: &TestApp) -> Vec<inquiry_portal::entities::outbox_messages::Model> {
    use inquiry_portal::entities::outbox_messages;
    use sea_orm::{EntityTrait, QueryOrder};
    outbox_messages::Entity::find()
        .order_by_asc(outbox_messages::Column::Id)
        .all(&app.db.connection)
        .await
        .expect("outbox rows")
}
