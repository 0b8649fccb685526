//! Unit tests of `src/provider/retry.rs` (a child module of it, so private items are in reach).

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
