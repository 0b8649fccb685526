//! Prometheus metrics (`GET /metrics`, text format): requests and latency per route,
//! provider calls by outcome, the click cache's hits and misses, and queue depths.
//!
//! Counters are process-wide, like the process Prometheus scrapes; routes are labelled by
//! their pattern (`/l/{token}`), never by the path, so no token reaches a label.

use std::{
    collections::{BTreeMap, HashMap},
    fmt::Write,
    future::Future,
    pin::Pin,
    sync::{
        atomic::{AtomicU64, Ordering},
        LazyLock, Mutex,
    },
    time::Duration,
};

use actix_web::{
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    middleware::Next,
};

const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Default, Clone)]
struct Series {
    count: u64,
    sum_seconds: f64,
    buckets: [u64; BUCKETS.len()],
}

/// One route's requests with one method and status.
type MethodSeries = (String, u16, Series);

#[derive(Default)]
pub struct Metrics {
    /// By route pattern, then by method and status: looking a route up borrows the
    /// pattern, so counting a request allocates nothing once its series exists.
    requests: Mutex<HashMap<String, Vec<MethodSeries>>>,
    provider_calls: Mutex<BTreeMap<&'static str, u64>>,
    webhook_deliveries: Mutex<BTreeMap<&'static str, u64>>,
    /// Hits and misses per cache, indexed by `CacheName`.
    cache_hits: [AtomicU64; 2],
    cache_misses: [AtomicU64; 2],
}

/// The in-memory caches whose hit ratio is reported.
#[derive(Clone, Copy, Debug)]
pub enum CacheName {
    /// What a click needs about a dedicated link.
    Link = 0,
    /// Inquiries for the session-token API.
    Inquiry = 1,
}

impl CacheName {
    const ALL: [CacheName; 2] = [CacheName::Link, CacheName::Inquiry];

    fn label(self) -> &'static str {
        match self {
            CacheName::Link => "link",
            CacheName::Inquiry => "inquiry",
        }
    }
}

static GLOBAL: LazyLock<Metrics> = LazyLock::new(Metrics::default);

pub fn global() -> &'static Metrics {
    &GLOBAL
}

impl Metrics {
    pub fn observe_request(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let Ok(mut requests) = self.requests.lock() else {
            return;
        };
        if !requests.contains_key(route) {
            requests.insert(route.to_owned(), Vec::new());
        }
        let Some(by_method) = requests.get_mut(route) else {
            return;
        };
        if !by_method
            .iter()
            .any(|(known, code, _)| known == method && *code == status)
        {
            by_method.push((method.to_owned(), status, Series::default()));
        }
        let Some((_, _, series)) = by_method
            .iter_mut()
            .find(|(known, code, _)| known == method && *code == status)
        else {
            return;
        };
        let seconds = elapsed.as_secs_f64();
        series.count += 1;
        series.sum_seconds += seconds;
        for (index, bound) in BUCKETS.iter().enumerate() {
            if seconds <= *bound {
                series.buckets[index] += 1;
            }
        }
    }

    /// `outcome`: ok, rate_limited, server_error, client_error or transport_error.
    pub fn provider_call(&self, outcome: &'static str) {
        if let Ok(mut calls) = self.provider_calls.lock() {
            *calls.entry(outcome).or_default() += 1;
        }
    }

    /// A tenant webhook attempt's outcome: delivered, retrying or exhausted.
    pub fn webhook_delivery(&self, outcome: &'static str) {
        if let Ok(mut counts) = self.webhook_deliveries.lock() {
            *counts.entry(outcome).or_default() += 1;
        }
    }

    pub fn cache_hit(&self, cache: CacheName) {
        self.cache_hits[cache as usize].fetch_add(1, Ordering::Relaxed);
    }

    pub fn cache_miss(&self, cache: CacheName) {
        self.cache_misses[cache as usize].fetch_add(1, Ordering::Relaxed);
    }

    fn render(&self, queues: &[(&str, &str, u64)]) -> String {
        let mut out = String::new();
        let requests = self.render_requests(&mut out);
        render_durations(&mut out, requests);
        self.render_provider_calls(&mut out);
        self.render_webhook_deliveries(&mut out);
        self.render_caches(&mut out);
        for (name, help, value) in queues {
            let _ = writeln!(out, "# HELP {name} {help}");
            let _ = writeln!(out, "# TYPE {name} gauge");
            let _ = writeln!(out, "{name} {value}");
        }
        out
    }

    /// Requests by method, route and status; hands the series on for the latency histogram.
    fn render_requests(&self, out: &mut String) -> BTreeMap<(String, String, u16), Series> {
        let _ = writeln!(
            out,
            "# HELP portal_http_requests_total HTTP requests by route and status."
        );
        let _ = writeln!(out, "# TYPE portal_http_requests_total counter");
        let requests: BTreeMap<(String, String, u16), Series> = self
            .requests
            .lock()
            .map(|by_route| {
                by_route
                    .iter()
                    .flat_map(|(route, by_method)| {
                        by_method.iter().map(|(method, status, series)| {
                            ((method.clone(), route.clone(), *status), series.clone())
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        for ((method, route, status), series) in &requests {
            let _ = writeln!(
                out,
                "portal_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {}",
                series.count
            );
        }
        requests
    }

    fn render_provider_calls(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "# HELP portal_provider_calls_total Provider API attempts by outcome."
        );
        let _ = writeln!(out, "# TYPE portal_provider_calls_total counter");
        if let Ok(calls) = self.provider_calls.lock() {
            for (outcome, count) in calls.iter() {
                let _ = writeln!(
                    out,
                    "portal_provider_calls_total{{outcome=\"{outcome}\"}} {count}"
                );
            }
        }
    }
}

impl Metrics {
    fn render_webhook_deliveries(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "# HELP portal_webhook_deliveries_total Tenant webhook attempts by outcome."
        );
        let _ = writeln!(out, "# TYPE portal_webhook_deliveries_total counter");
        if let Ok(counts) = self.webhook_deliveries.lock() {
            for (outcome, count) in counts.iter() {
                let _ = writeln!(
                    out,
                    "portal_webhook_deliveries_total{{outcome=\"{outcome}\"}} {count}"
                );
            }
        }
    }
}

/// Request latency by method and route (statuses summed), as a Prometheus histogram.
fn render_durations(out: &mut String, requests: BTreeMap<(String, String, u16), Series>) {
    let _ = writeln!(
        out,
        "# HELP portal_http_request_duration_seconds Request latency by route."
    );
    let _ = writeln!(out, "# TYPE portal_http_request_duration_seconds histogram");
    let mut by_route: BTreeMap<(String, String), Series> = BTreeMap::new();
    for ((method, route, _), series) in requests {
        let total = by_route.entry((method, route)).or_default();
        total.count += series.count;
        total.sum_seconds += series.sum_seconds;
        for (index, value) in series.buckets.iter().enumerate() {
            total.buckets[index] += value;
        }
    }
    for ((method, route), series) in &by_route {
        let labels = format!("method=\"{method}\",route=\"{route}\"");
        for (index, bound) in BUCKETS.iter().enumerate() {
            let _ = writeln!(
                out,
                "portal_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {}",
                series.buckets[index]
            );
        }
        let _ = writeln!(
            out,
            "portal_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
            series.count
        );
        let _ = writeln!(
            out,
            "portal_http_request_duration_seconds_sum{{{labels}}} {}",
            series.sum_seconds
        );
        let _ = writeln!(
            out,
            "portal_http_request_duration_seconds_count{{{labels}}} {}",
            series.count
        );
    }
}

impl Metrics {
    fn render_caches(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "# HELP portal_cache_requests_total In-memory cache lookups by cache and result."
        );
        let _ = writeln!(out, "# TYPE portal_cache_requests_total counter");
        let counts = CacheName::ALL.map(|cache| {
            let index = cache as usize;
            (
                cache.label(),
                self.cache_hits[index].load(Ordering::Relaxed),
                self.cache_misses[index].load(Ordering::Relaxed),
            )
        });
        for (label, hits, misses) in counts {
            for (result, count) in [("hit", hits), ("miss", misses)] {
                let _ = writeln!(
                    out,
                    "portal_cache_requests_total{{cache=\"{label}\",result=\"{result}\"}} {count}"
                );
            }
        }
        let _ = writeln!(
            out,
            "# HELP portal_cache_hit_ratio Share of lookups served from memory, by cache."
        );
        let _ = writeln!(out, "# TYPE portal_cache_hit_ratio gauge");
        for (label, hits, misses) in counts {
            let ratio = if hits + misses == 0 {
                0.0
            } else {
                hits as f64 / (hits + misses) as f64
            };
            let _ = writeln!(out, "portal_cache_hit_ratio{{cache=\"{label}\"}} {ratio}");
        }
    }
}

/// Times every request and counts it under its route pattern.
pub async fn track(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = std::time::Instant::now();
    let method = req.method().as_str().to_owned();
    let response = next.call(req).await?;
    let route = response
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_owned());
    global().observe_request(
        &method,
        &route,
        response.status().as_u16(),
        started.elapsed(),
    );
    Ok(response)
}

/// A queue's depth, read at scrape time; an error leaves the gauge out of that scrape
/// rather than reporting a false zero.
pub type DepthFuture = Pin<Box<dyn Future<Output = Result<u64, String>> + Send>>;

/// One queue gauge: its name, its help text and how to read it.
pub struct QueueGauge {
    pub name: &'static str,
    pub help: &'static str,
    pub read: Box<dyn Fn() -> DepthFuture + Send + Sync>,
}

/// The queue gauges of this process, assembled at start-up from the parts that own the
/// queues (so this module knows none of them).
#[derive(Default)]
pub struct QueueGauges(pub Vec<QueueGauge>);

impl QueueGauges {
    /// The Prometheus text of every metric, with each queue read now.
    pub async fn scrape(&self) -> String {
        let mut queues = Vec::with_capacity(self.0.len());
        for gauge in &self.0 {
            match (gauge.read)().await {
                Ok(depth) => queues.push((gauge.name, gauge.help, depth)),
                Err(error) => log::warn!("metrics: cannot read {}: {error}", gauge.name),
            }
        }
        global().render(&queues)
    }
}

#[cfg(test)]
#[path = "../tests/unit/metrics.rs"]
mod tests;
