//! Builds the application: binds the listener (port 0 works), wires one `AppState`.

use std::{net::TcpListener, sync::Arc};

use actix_session::{
    config::{BrowserSession, CookieContentSecurity, TtlExtensionPolicy},
    storage::RedisSessionStore,
    SessionMiddleware,
};
use actix_web::{
    cookie::{Key, SameSite},
    dev::Server,
    http::header,
    middleware::{DefaultHeaders, ErrorHandlers},
    web, App, HttpServer,
};
use anyhow::Context;

use crate::{
    auth::{
        rate_limit::RateLimiter, session_store::PortalSessionStore, throttle::LoginThrottle,
        PasswordHasher,
    },
    config::Settings,
    crypto::DataCipher,
    db::Database,
    error::{ApiError, AppError},
    links::{cache::LinkCache, clicks::ClickCounter, session_tokens::ResumeLocks},
    provider::{ProviderClient, ProviderConfig},
    routes,
    sandbox::Sandbox,
    telemetry,
};

/// Everything a handler may need, built once.
pub struct AppState {
    pub settings: Settings,
    pub db: Database,
    pub password_hasher: PasswordHasher,
    pub login_throttle: LoginThrottle,
    /// The one provider client; in sandbox mode it calls this very server over HTTP, which
    /// is fine because nothing is sent before the server runs.
    pub provider: ProviderClient,
    /// AES-256-GCM under the data key, for session tokens, prefill and link tokens.
    pub cipher: DataCipher,
    /// Clicks counted in memory and written in batches.
    pub clicks: ClickCounter,
    /// One resume at a time per inquiry (session tokens on demand, the click).
    pub resume_locks: ResumeLocks,
    /// What a click needs about a dedicated link, kept in memory.
    pub link_cache: LinkCache,
    /// Inquiries the session-token API answers from memory.
    pub inquiry_cache: crate::links::inquiry_cache::InquiryCache,
    /// Requests per API key per minute (tenant policy).
    pub api_rate_limiter: RateLimiter,
    /// Recently verified API keys (a few seconds; cleared on revoke).
    pub api_key_cache: crate::auth::api_keys::KeyCache,
    /// Tells the other instances what to forget (through Redis, when configured).
    pub cluster: crate::invalidation::Cluster,
    /// The embedded provider's state; `None` in persona mode.
    pub sandbox: Option<Arc<Sandbox>>,
}

pub struct Application {
    port: u16,
    server: Server,
    state: web::Data<AppState>,
    _jobs: BackgroundJobs,
}

/// The application's background tasks, stopped when it is dropped (after
/// `run_until_stopped`, or when its task is cancelled). They hold the shared state, so
/// tasks left running would keep the database pool, and its connections, open after the
/// server is gone.
struct BackgroundJobs(Vec<tokio::task::JoinHandle<()>>);

impl Drop for BackgroundJobs {
    fn drop(&mut self) {
        for job in &self.0 {
            job.abort();
        }
    }
}

pub const SESSION_COOKIE: &str = "portal_session";
/// The `__Host-` prefix makes browsers refuse the cookie unless Secure, host-only, Path=/.
pub const SECURE_SESSION_COOKIE: &str = "__Host-portal_session";
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; object-src 'none'; base-uri 'none'; \
     frame-ancestors 'none'; form-action 'self'";
const MAX_BODY_BYTES: usize = 64 * 1024;

impl Application {
    /// Connects, migrates, binds and prepares the server; call `run_until_stopped` next.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let db =
            Database::connect(&settings.database_url, settings.database_max_connections).await?;
        db.migrate().await?;
        let listener = TcpListener::bind(&settings.bind)
            .with_context(|| format!("cannot listen on {}", settings.bind))?;
        Self::build_with(settings, db, listener).await
    }

    pub async fn build_with(
        settings: Settings,
        db: Database,
        listener: TcpListener,
    ) -> anyhow::Result<Self> {
        let port = listener.local_addr()?.port();
        let session_store = match &settings.redis_url {
            Some(url) => PortalSessionStore::Redis(
                RedisSessionStore::new(url.clone())
                    .await
                    .context("cannot connect to Redis (REDIS_URL)")?,
            ),
            None => PortalSessionStore::Database(db.clone()),
        };
        let mut jobs = BackgroundJobs(Vec::new());
        let sandbox = if settings.is_sandbox() {
            let sandbox = Arc::new(Sandbox::new(&settings)?);
            jobs.0
                .extend(crate::sandbox::jobs::spawn(db.clone(), &sandbox));
            Some(sandbox)
        } else {
            None
        };
        let cluster = match &settings.redis_url {
            Some(url) => crate::invalidation::Cluster::connect(url, &settings.redis_namespace)
                .await
                .context("cannot connect to Redis (REDIS_URL) for cache invalidation")?,
            None => crate::invalidation::Cluster::local_only(),
        };
        let state = web::Data::new(AppState {
            password_hasher: PasswordHasher::new()?,
            login_throttle: LoginThrottle::new(settings.login.clone(), cluster.clone()),
            provider: ProviderClient::new(ProviderConfig::from_settings(&settings)?)?,
            cipher: DataCipher::new(&settings.data_key)?,
            clicks: ClickCounter::default(),
            resume_locks: ResumeLocks::default(),
            link_cache: LinkCache::new(200_000),
            inquiry_cache: crate::links::inquiry_cache::InquiryCache::new(200_000),
            api_rate_limiter: RateLimiter::new(cluster.clone()),
            api_key_cache: crate::auth::api_keys::new_key_cache(),
            cluster,
            db: db.clone(),
            settings: settings.clone(),
            sandbox: sandbox.clone(),
        });
        jobs.0.extend([
            crate::jobs::spawn_session_cleanup(db),
            crate::jobs::spawn_click_flush(state.clone()),
            crate::jobs::spawn_link_expiry(state.clone()),
            crate::jobs::reconciler::spawn(state.clone()),
        ]);
        if let Some(url) = &settings.redis_url {
            jobs.0.push(crate::invalidation::spawn_listener(
                state.clone(),
                url.clone(),
            ));
        }
        let app_state = state.clone();

        let session_key = Key::from(&settings.session_key);
        let https = settings.public_url_is_https();
        let idle = actix_web::cookie::time::Duration::seconds(
            settings.session_idle_timeout.as_secs() as i64,
        );
        let server = HttpServer::new(move || {
            let sessions = SessionMiddleware::builder(session_store.clone(), session_key.clone())
                .cookie_name(
                    if https {
                        SECURE_SESSION_COOKIE
                    } else {
                        SESSION_COOKIE
                    }
                    .into(),
                )
                .cookie_secure(https)
                .cookie_http_only(true)
                .cookie_same_site(SameSite::Lax)
                .cookie_path("/".into())
                .cookie_content_security(CookieContentSecurity::Private)
                .session_lifecycle(
                    BrowserSession::default()
                        .state_ttl(idle)
                        .state_ttl_extension_policy(TtlExtensionPolicy::OnEveryRequest),
                )
                .build();
            App::new()
                .app_data(state.clone())
                .app_data(web::PayloadConfig::new(MAX_BODY_BYTES))
                .app_data(web::FormConfig::default().limit(MAX_BODY_BYTES))
                .app_data(web::JsonConfig::default().limit(MAX_BODY_BYTES))
                .app_data(
                    web::PathConfig::default()
                        .error_handler(|_, req| for_request(req, AppError::NotFound)),
                )
                .app_data(web::QueryConfig::default().error_handler(|error, req| {
                    for_request(
                        req,
                        AppError::BadRequest(format!("Invalid query string: {error}")),
                    )
                }))
                .wrap(sessions)
                .wrap(
                    ErrorHandlers::new().default_handler(crate::routes::errors::render_bare_error),
                )
                .wrap(security_headers(https))
                .wrap(telemetry::access_log())
                .wrap(actix_web::middleware::from_fn(crate::metrics::track))
                .configure(routes::config)
                .configure(|cfg| {
                    if let Some(sandbox) = &sandbox {
                        crate::sandbox::routes::config(cfg, sandbox.clone());
                    }
                })
                .default_service(web::to(|req: actix_web::HttpRequest| async move {
                    Err::<actix_web::HttpResponse, _>(for_request(&req, AppError::NotFound))
                }))
        })
        .listen(listener)?
        .shutdown_timeout(10)
        .run();
        Ok(Self {
            port,
            server,
            state: app_state,
            _jobs: jobs,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The state the handlers share, for tools and tests that drive jobs directly.
    pub fn state(&self) -> web::Data<AppState> {
        self.state.clone()
    }

    /// Serves until stopped (SIGINT/SIGTERM let in-flight requests finish), then writes
    /// the buffered click counts.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let result = self.server.await;
        self.state.clicks.flush(&self.state.db).await;
        result
    }
}

/// The error in the form the caller reads: JSON under `/api/`, an HTML page elsewhere.
fn for_request(req: &actix_web::HttpRequest, error: AppError) -> actix_web::Error {
    if req.path().starts_with("/api/") {
        ApiError(error).into()
    } else {
        error.into()
    }
}

fn security_headers(https: bool) -> DefaultHeaders {
    let headers = DefaultHeaders::new()
        .add((header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .add((header::REFERRER_POLICY, "no-referrer"))
        .add((header::X_FRAME_OPTIONS, "DENY"))
        .add((header::CACHE_CONTROL, "no-store"));
    if https {
        headers.add((
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        ))
    } else {
        headers
    }
}
