//! How long to wait before the next attempt.

use std::time::Duration;

use chrono::{DateTime, Utc};
use rand::Rng;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// No single backoff step waits longer than this, however many retries are configured.
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// Exponential backoff with jitter for retry number `retry` (1 for the first retry):
/// a random wait in the upper half of `base * 2^(retry-1)`, so that clients that failed
/// together do not come back together, and a retry never comes back much too early.
pub(crate) fn backoff(base: Duration, retry: u32) -> Duration {
    let exponent = retry.saturating_sub(1).min(16);
    let ceiling = base.saturating_mul(1 << exponent).min(MAX_BACKOFF);
    let floor = ceiling / 2;
    if ceiling <= floor {
        return ceiling;
    }
    let extra = rand::thread_rng().gen_range(0..=(ceiling - floor).as_millis() as u64);
    floor + Duration::from_millis(extra)
}

/// The wait a 429 asks for: `RateLimit-Reset` (seconds until the window resets), else
/// `Retry-After` (seconds or an HTTP date). `None` when neither is present or readable.
pub(crate) fn rate_limit_wait(headers: &HeaderMap, now: DateTime<Utc>) -> Option<Duration> {
    let header = |name| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    if let Some(seconds) = header("ratelimit-reset").and_then(parse_seconds) {
        return Some(seconds);
    }
    let retry_after = header(RETRY_AFTER.as_str())?;
    parse_seconds(retry_after).or_else(|| {
        let at = DateTime::parse_from_rfc2822(retry_after).ok()?;
        let wait = at.with_timezone(&Utc) - now;
        Some(wait.to_std().unwrap_or(Duration::ZERO))
    })
}

fn parse_seconds(value: &str) -> Option<Duration> {
    let seconds: f64 = value.parse().ok()?;
    (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds.min(86_400.0)))
}

/// Whole seconds, rounded up: what `RateLimited` and `Retry-After` report.
pub(crate) fn whole_seconds(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

#[cfg(test)]
#[path = "../../tests/unit/provider_retry.rs"]
mod tests;
