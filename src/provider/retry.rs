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
mod tests {
    use reqwest::header::HeaderValue;

    use super::*;

    #[test]
    fn backoff_doubles_per_retry_stays_in_the_upper_half_and_is_capped() {
        let base = Duration::from_millis(200);
        for _ in 0..50 {
            let first = backoff(base, 1);
            assert!(
                first >= Duration::from_millis(100) && first <= base,
                "{first:?}"
            );
            let third = backoff(base, 3);
            assert!(third >= Duration::from_millis(400) && third <= Duration::from_millis(800));
            assert!(backoff(base, 40) <= MAX_BACKOFF);
        }
        assert_eq!(backoff(Duration::ZERO, 2), Duration::ZERO);
    }

    #[test]
    fn a_rate_limit_reset_in_seconds_wins_over_retry_after() {
        let mut headers = HeaderMap::new();
        headers.insert("RateLimit-Reset", HeaderValue::from_static("1"));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("20"));
        assert_eq!(
            rate_limit_wait(&headers, Utc::now()),
            Some(Duration::from_secs(1))
        );
    }

    #[test]
    fn retry_after_is_read_as_seconds_or_as_an_http_date() {
        let now = DateTime::parse_from_rfc3339("2015-10-21T07:28:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("3"));
        assert_eq!(rate_limit_wait(&headers, now), Some(Duration::from_secs(3)));
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:10 GMT"),
        );
        assert_eq!(
            rate_limit_wait(&headers, now),
            Some(Duration::from_secs(10))
        );
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:27:00 GMT"),
        );
        assert_eq!(rate_limit_wait(&headers, now), Some(Duration::ZERO));
    }

    #[test]
    fn missing_or_garbage_headers_give_no_wait() {
        let mut headers = HeaderMap::new();
        assert_eq!(rate_limit_wait(&headers, Utc::now()), None);
        headers.insert("RateLimit-Reset", HeaderValue::from_static("soon"));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("-4"));
        assert_eq!(rate_limit_wait(&headers, Utc::now()), None);
    }

    #[test]
    fn partial_seconds_round_up() {
        assert_eq!(whole_seconds(Duration::from_millis(1)), 1);
        assert_eq!(whole_seconds(Duration::from_secs(2)), 2);
        assert_eq!(whole_seconds(Duration::ZERO), 0);
    }
}
