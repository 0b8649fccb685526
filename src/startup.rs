//! Builds the application: binds the listener (port 0 works), wires one `AppState`.

use std::net::TcpListener;

use actix_session::{
    config::{BrowserSession, CookieContentSecurity, TtlExtensionPolicy},
    SessionMiddleware,
};
use actix_web::{
    cookie::{Key, SameSite},
    dev::Server,
    http::header,
    middleware::{from_fn, DefaultHeaders, ErrorHandlers},
    web, App, HttpServer,
};
use anyhow::Context;

use crate::{
    auth::{session_scope::SessionsWhereUsed, session_store::PortalSessionStore},
    cluster::Cluster,
    config::Settings,
    db::Database,
    error::{ApiError, AppError},
    metrics::QueueGauges,
    routes,
    sandbox::SandboxState,
    state::AppState,
    telemetry,
};

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

/// What every worker's `App` is made of, assembled once and cloned into each worker.
#[derive(Clone)]
struct Parts {
    state: web::Data<AppState>,
    trusted_proxies: web::Data<crate::net::TrustedProxies>,
    gauges: web::Data<QueueGauges>,
    sandbox: Option<web::Data<SandboxState>>,
    session_store: PortalSessionStore,
    session_key: Key,
    https: bool,
    idle: std::time::Duration,
}

impl Parts {
    /// Connects what the state needs (Redis: degraded rather than failing) and starts the
    /// background jobs.
    async fn assemble(
        settings: &Settings,
        db: Database,
        jobs: &mut BackgroundJobs,
    ) -> anyhow::Result<Self> {
        let sandbox = if settings.is_sandbox() {
            let sandbox = web::Data::new(SandboxState::new(settings, db.clone())?);
            jobs.0.extend(sandbox.spawn_jobs());
            Some(sandbox)
        } else {
            None
        };
        let cluster = match &settings.redis_url {
            Some(url) => Cluster::connect(url, &settings.redis_namespace)
                .await
                .context("REDIS_URL is not a Redis URL")?,
            None => Cluster::local_only(),
        };
        let session_store = match &settings.redis_url {
            Some(_) => PortalSessionStore::Redis(cluster.clone()),
            None => PortalSessionStore::Database(db.clone()),
        };
        let mailer = crate::notifications::mailer::Mailer::from_settings(&settings.mail)?;
        let state = web::Data::new(AppState::new(settings.clone(), db.clone(), cluster)?);
        if let Some(mailer) = mailer {
            jobs.0
                .push(crate::jobs::spawn_outbox_delivery(state.clone(), mailer));
        }
        jobs.0.extend([
            crate::jobs::spawn_session_cleanup(db),
            crate::jobs::spawn_click_flush(state.clone()),
            crate::jobs::spawn_link_expiry(state.clone()),
            crate::jobs::spawn_idempotency_purge(state.clone()),
            crate::jobs::spawn_reminders(state.clone()),
            crate::jobs::reconciler::spawn(state.clone()),
            crate::jobs::spawn_tenant_webhooks(state.clone()),
            crate::jobs::spawn_bulk_issuing(state.clone()),
        ]);
        if let Some(url) = &settings.redis_url {
            jobs.0
                .push(crate::state::spawn_listener(state.clone(), url.clone()));
        }
        Ok(Self {
            gauges: web::Data::new(queue_gauges(&state, sandbox.as_ref())),
            trusted_proxies: web::Data::new(crate::net::TrustedProxies(
                settings.trusted_proxies.clone(),
            )),
            state,
            sandbox,
            session_store,
            session_key: Key::from(&settings.session_key),
            https: settings.public_url_is_https(),
            idle: settings.session_idle_timeout,
        })
    }

    /// Shared data, how extractors answer bad input, and the route tables.
    fn configure(&self, cfg: &mut web::ServiceConfig) {
        cfg.app_data(self.state.clone())
            .app_data(self.trusted_proxies.clone())
            .app_data(self.gauges.clone())
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
            .configure(routes::config);
        if let Some(sandbox) = &self.sandbox {
            crate::sandbox::routes::config(cfg, sandbox.clone());
        }
    }
}

pub const SESSION_COOKIE: &str = "portal_session";
/// The `__Host-` prefix makes browsers refuse the cookie unless Secure, host-only, Path=/.
pub const SECURE_SESSION_COOKIE: &str = "__Host-portal_session";
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; object-src 'none'; base-uri 'none'; \
     frame-ancestors 'none'; form-action 'self'";
const MAX_BODY_BYTES: usize = routes::api::openapi::MAX_BODY_BYTES;

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
        let mut jobs = BackgroundJobs(Vec::new());
        let parts = Parts::assemble(&settings, db, &mut jobs).await?;
        let app_state = parts.state.clone();
        let https = parts.https;
        let read_timeout = settings.request_read_timeout;
        let server = HttpServer::new(move || {
            let sessions = SessionsWhereUsed(session_middleware(
                parts.session_store.clone(),
                parts.session_key.clone(),
                parts.https,
                parts.idle,
            ));
            let parts = parts.clone();
            App::new()
                .configure(move |cfg| parts.configure(cfg))
                .wrap(actix_web::middleware::from_fn(move |req, next| {
                    crate::limits::body_deadline::enforce(read_timeout, req, next)
                }))
                .wrap(sessions)
                .wrap(
                    ErrorHandlers::new().default_handler(crate::routes::errors::render_bare_error),
                )
                .wrap(security_headers(https))
                .wrap(actix_web::middleware::from_fn(framing_follows_policy))
                .wrap(telemetry::access_log())
                .wrap(from_fn(crate::http::provider_deadline))
                .wrap(actix_web::middleware::from_fn(crate::metrics::track))
                .default_service(web::to(|req: actix_web::HttpRequest| async move {
                    Err::<actix_web::HttpResponse, _>(for_request(&req, AppError::NotFound))
                }))
        })
        // Headers must arrive within the read timeout (the body deadline above covers the
        // body); a client that does not acknowledge the closing of its connection within a
        // second is dropped.
        .client_request_timeout(read_timeout)
        .client_disconnect_timeout(std::time::Duration::from_secs(1))
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

/// The session middleware: server-side state in `store`, an encrypted cookie named with the
/// `__Host-` prefix and Secure behind https, an idle timeout renewed by every request.
fn session_middleware(
    store: PortalSessionStore,
    key: Key,
    https: bool,
    idle: std::time::Duration,
) -> SessionMiddleware<PortalSessionStore> {
    let idle = actix_web::cookie::time::Duration::seconds(idle.as_secs() as i64);
    SessionMiddleware::builder(store, key)
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
        .build()
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

/// `security_headers` gives every response without one `X-Frame-Options: DENY`. A response
/// whose own policy lets some origins frame it (the sandbox's embedded flow) must not carry
/// it: browsers that know `frame-ancestors` ignore it, older ones would refuse the framing
/// the policy allows.
async fn framing_follows_policy(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let mut response = next.call(req).await?;
    let allows_framing = response
        .headers()
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|policy| policy.to_str().ok())
        .is_some_and(|policy| {
            policy.split(';').map(str::trim).any(|directive| {
                directive.starts_with("frame-ancestors ") && directive != "frame-ancestors 'none'"
            })
        });
    if allows_framing {
        response.headers_mut().remove(header::X_FRAME_OPTIONS);
    }
    Ok(response)
}

/// The queue depths `/metrics` reports, with the sandbox's own in sandbox mode.
fn queue_gauges(
    state: &web::Data<AppState>,
    sandbox: Option<&web::Data<SandboxState>>,
) -> QueueGauges {
    let mut gauges = crate::reports::queues::portal_queue_gauges(state);
    gauges.extend(sandbox.map(|sandbox| sandbox.queue_gauge()));
    QueueGauges(gauges)
}
