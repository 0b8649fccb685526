//! Unit tests of `src/auth/throttle.rs` (a child module of it, so private items are in reach).

use super::*;

fn throttle(max: u32, window: Duration) -> LoginThrottle {
    LoginThrottle::new(
        LoginThrottleSettings {
            ip_max_failures: max,
            ip_window: window,
            ..LoginThrottleSettings::default()
        },
        Cluster::local_only(),
    )
}

#[tokio::test]
async fn an_ip_is_refused_after_its_failures_and_others_are_not() {
    let throttle = throttle(2, Duration::from_secs(60));
    let ip: IpAddr = "10.0.0.1".parse().unwrap();
    let other: IpAddr = "10.0.0.2".parse().unwrap();
    throttle.record_ip_failure(ip).await;
    assert!(throttle.check_ip(ip).await.is_ok());
    throttle.record_ip_failure(ip).await;
    match throttle.check_ip(ip).await {
        Err(AppError::TooManyRequests {
            retry_after_seconds,
        }) => assert!(retry_after_seconds > 0 && retry_after_seconds <= 60),
        other => panic!("expected 429, got {other:?}"),
    }
    assert!(throttle.check_ip(other).await.is_ok());
}

#[tokio::test]
async fn the_window_expires() {
    let throttle = throttle(1, Duration::from_millis(0));
    let ip: IpAddr = "10.0.0.1".parse().unwrap();
    throttle.record_ip_failure(ip).await;
    assert!(throttle.check_ip(ip).await.is_ok());
}

#[test]
fn account_keys_ignore_case_and_spaces() {
    assert_eq!(
        account_key(" Ana@Example.com"),
        account_key("ana@example.com")
    );
}
