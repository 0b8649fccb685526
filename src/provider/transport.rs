//! The HTTP layer: one `reqwest::Client`, the headers every call carries, retries with
//! backoff, and logging that never shows keys, tokens, bodies or query strings.

use std::time::{Duration, Instant};

use reqwest::{
    header::{self, HeaderMap, HeaderValue},
    redirect, Method, Response, StatusCode,
};
use url::Url;

use super::{
    config::ProviderConfig,
    error::ProviderError,
    retry::{backoff, rate_limit_wait, whole_seconds},
    secrets::IdempotencyKey,
};

/// Provider answers are small JSON documents; anything larger is refused unread.
const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

tokio::task_local! {
    /// When the request being served began (set by [`for_one_request`]): every provider call
    /// it makes shares one deadline counted from there, so a request that calls the
    /// provider twice still answers within the deadline, not twice it.
    static REQUEST_STARTED: Instant;
}

/// Runs `work` (one HTTP request's handling) with its own provider deadline budget.
pub async fn for_one_request<F: std::future::Future>(work: F) -> F::Output {
    REQUEST_STARTED.scope(Instant::now(), work).await
}

/// When a call with `deadline` must give up: counted from the start of the request it
/// serves, or from now outside any request (jobs that still want a deadline).
fn give_up_instant(deadline: Duration) -> Instant {
    REQUEST_STARTED
        .try_with(|started| *started)
        .unwrap_or_else(|_| Instant::now())
        + deadline
}

pub(crate) struct Transport {
    http: reqwest::Client,
    base: Url,
    max_retries: u32,
    backoff_base: Duration,
    max_rate_limit_wait: Duration,
}

/// What one attempt came back with.
enum Attempt {
    Success(StatusCode, Vec<u8>),
    Failure(StatusCode, HeaderMap, Vec<u8>),
    Transport(reqwest::Error),
    TooLarge,
}

impl Transport {
    pub(crate) fn new(config: &ProviderConfig) -> anyhow::Result<Self> {
        let base = &config.api_base;
        if !matches!(base.scheme(), "http" | "https") || base.cannot_be_a_base() {
            anyhow::bail!("the provider API base must be an http(s) URL, not `{base}`");
        }
        if base.query().is_some() || !base.username().is_empty() || base.password().is_some() {
            anyhow::bail!("the provider API base must not carry a query or credentials");
        }
        let mut auth = HeaderValue::try_from(format!("Bearer {}", config.api_key))
            .map_err(|_| anyhow::anyhow!("the provider API key contains invalid characters"))?;
        auth.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, auth);
        headers.insert(
            "Persona-Version",
            HeaderValue::from_static(config.persona_version),
        );
        headers.insert("Key-Inflection", HeaderValue::from_static("kebab"));
        headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));

        let mut builder = reqwest::Client::builder()
            .default_headers(headers)
            .user_agent(concat!("inquiry-portal/", env!("CARGO_PKG_VERSION")))
            .timeout(config.timeout)
            .connect_timeout(config.timeout.min(Duration::from_secs(5)))
            .pool_idle_timeout(Duration::from_secs(60))
            .pool_max_idle_per_host(32)
            .tcp_keepalive(Duration::from_secs(60))
            // An API answer never redirects; following one could carry the key elsewhere.
            .redirect(redirect::Policy::none());
        if is_loopback(base) {
            // The sandbox is this very process: a system proxy must not stand in between.
            builder = builder.no_proxy();
        }
        Ok(Self {
            http: builder.build()?,
            base: base.clone(),
            max_retries: config.max_retries,
            backoff_base: config.backoff_base,
            max_rate_limit_wait: config.max_rate_limit_wait,
        })
    }

    /// `{base}/{segments…}?{query}`; each segment is percent-encoded on its own, so an id can
    /// never add a path level or a query.
    pub(crate) fn url(
        &self,
        segments: &[&str],
        query: &[(&str, &str)],
    ) -> Result<Url, ProviderError> {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|_| ProviderError::InvalidRequest {
                message: "the API base cannot take a path".into(),
            })?
            .pop_if_empty()
            .extend(segments);
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        Ok(url)
    }

    pub(crate) async fn get(
        &self,
        url: Url,
        deadline: Option<Duration>,
    ) -> Result<Vec<u8>, ProviderError> {
        self.execute(Method::GET, url, None, None, deadline).await
    }

    pub(crate) async fn post(
        &self,
        url: Url,
        body: &serde_json::Value,
        key: &IdempotencyKey,
        deadline: Option<Duration>,
    ) -> Result<Vec<u8>, ProviderError> {
        let body = serde_json::to_vec(body).map_err(|e| ProviderError::InvalidRequest {
            message: format!("cannot serialise the body: {e}"),
        })?;
        self.execute(Method::POST, url, Some(body), Some(key), deadline)
            .await
    }

    /// Sends with retries. With a `deadline` (a person is waiting), the whole call, retries
    /// included, gives up when it has passed; the idempotency key makes a later retry of the
    /// same operation find what this one may have created.
    async fn execute(
        &self,
        method: Method,
        url: Url,
        body: Option<Vec<u8>>,
        key: Option<&IdempotencyKey>,
        deadline: Option<Duration>,
    ) -> Result<Vec<u8>, ProviderError> {
        let path = url.path().to_owned();
        let attempts = self.max_retries.saturating_add(1);
        let give_up_at = deadline.map(give_up_instant);
        let past_deadline = || {
            log::warn!("provider {method} {path}: no answer within the deadline; giving up");
            ProviderError::Unavailable { status: None }
        };
        let mut attempt = 0;
        loop {
            attempt += 1;
            let started = Instant::now();
            let send = self.send_once(&method, &url, body.as_deref(), key);
            let outcome = match give_up_at {
                Some(at) => match tokio::time::timeout_at(at.into(), send).await {
                    Ok(outcome) => outcome,
                    Err(_) => return Err(past_deadline()),
                },
                None => send.await,
            };
            let elapsed = started.elapsed().as_millis();
            let (wait, error) = match self.judge(outcome, attempt) {
                Step::Done(status, body) => {
                    let code = status.as_u16();
                    log::debug!(
                        "provider {method} {path} -> {code} (attempt {attempt}, {elapsed} ms)"
                    );
                    return Ok(body);
                }
                Step::Fail(error) => {
                    log::info!("provider {method} {path}: {error} ({elapsed} ms); not retried");
                    return Err(error);
                }
                Step::Retry(wait, error) => (wait, error),
            };
            if attempt >= attempts {
                log::warn!("provider {method} {path} gave up after {attempts} attempts: {error}");
                return Err(error);
            }
            if give_up_at.is_some_and(|at| Instant::now() + wait >= at) {
                // A provider that asks us to wait past the deadline is busy, not down: its
                // 429 and the wait it asked for go to the caller (`provider_busy`).
                return Err(match error {
                    ProviderError::RateLimited { .. } => error,
                    _ => past_deadline(),
                });
            }
            let wait_ms = wait.as_millis();
            log::warn!(
                "provider {method} {path}: {error} (attempt {attempt}/{attempts}, {elapsed} ms); \
                 retrying in {wait_ms} ms"
            );
            tokio::time::sleep(wait).await;
        }
    }

    /// One attempt: the request with its idempotency key, sent and read, counted by outcome.
    async fn send_once(
        &self,
        method: &Method,
        url: &Url,
        body: Option<&[u8]>,
        key: Option<&IdempotencyKey>,
    ) -> Attempt {
        let mut request = self.http.request(method.clone(), url.clone());
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key.as_str());
        }
        if let Some(body) = body {
            request = request
                .header(header::CONTENT_TYPE, "application/json")
                .body(body.to_vec());
        }
        let outcome = match request.send().await {
            Ok(response) => read(response).await,
            Err(error) => Attempt::Transport(error),
        };
        crate::metrics::global().provider_call(match &outcome {
            Attempt::Success(..) => "ok",
            Attempt::Failure(status, ..) if *status == StatusCode::TOO_MANY_REQUESTS => {
                "rate_limited"
            }
            Attempt::Failure(status, ..) if status.is_server_error() => "server_error",
            Attempt::Failure(..) | Attempt::TooLarge => "client_error",
            Attempt::Transport(..) => "transport_error",
        });
        outcome
    }

    /// What to do after an attempt: 429 and 5xx and transport failures are retried (a 429
    /// after the reset it asks for, unless that is too long), other answers are final.
    fn judge(&self, outcome: Attempt, attempt: u32) -> Step {
        match outcome {
            Attempt::Success(status, body) => Step::Done(status, body),
            Attempt::Failure(status, headers, _) if status == StatusCode::TOO_MANY_REQUESTS => {
                let asked = rate_limit_wait(&headers, chrono::Utc::now());
                let error = ProviderError::RateLimited {
                    retry_after_seconds: asked.map_or(1, whole_seconds).max(1),
                };
                match asked {
                    Some(wait) if wait > self.max_rate_limit_wait => Step::Fail(error),
                    // Waiting the full reset is the point; the jitter only spreads clients.
                    Some(wait) => Step::Retry(wait + backoff(self.backoff_base, 1) / 2, error),
                    None => Step::Retry(backoff(self.backoff_base, attempt), error),
                }
            }
            Attempt::Failure(status, _, _) if status.is_server_error() => Step::Retry(
                backoff(self.backoff_base, attempt),
                ProviderError::Unavailable {
                    status: Some(status.as_u16()),
                },
            ),
            Attempt::Failure(status, _, body) => {
                Step::Fail(ProviderError::from_status(status, &body))
            }
            Attempt::TooLarge => Step::Fail(ProviderError::Decode {
                message: format!("the answer is larger than {MAX_BODY_BYTES} bytes"),
            }),
            Attempt::Transport(error) if error.is_builder() => {
                Step::Fail(ProviderError::InvalidRequest {
                    message: error.without_url().to_string(),
                })
            }
            Attempt::Transport(error) => {
                let kind = transport_kind(&error);
                log::warn!("provider call failed: {kind}: {}", error.without_url());
                Step::Retry(
                    backoff(self.backoff_base, attempt),
                    ProviderError::Unavailable { status: None },
                )
            }
        }
    }
}

/// The decision after one attempt.
enum Step {
    Done(StatusCode, Vec<u8>),
    Fail(ProviderError),
    Retry(Duration, ProviderError),
}

/// Reads the body with a size cap; a body that breaks off mid-way counts as a transport
/// failure, so it is retried like a timeout.
async fn read(mut response: Response) -> Attempt {
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > MAX_BODY_BYTES {
                    return Attempt::TooLarge;
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(error) if status.is_success() => return Attempt::Transport(error),
            // The status of a failed answer is what matters; a broken error body is not.
            Err(_) => break,
        }
    }
    if status.is_success() {
        Attempt::Success(status, body)
    } else {
        Attempt::Failure(status, headers, body)
    }
}

fn transport_kind(error: &reqwest::Error) -> &'static str {
    if error.is_timeout() {
        "timeout"
    } else if error.is_connect() {
        "connection failed"
    } else if error.is_body() {
        "body broke off"
    } else {
        "request failed"
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}
