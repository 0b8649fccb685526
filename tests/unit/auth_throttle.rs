//! Unit tests of `src/limits/throttle.rs` (a child module of it, so private items are in reach).

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
async fn an_ip_is_refused_after_its_tries_and_others_are_not() {
    let throttle = throttle(2, Duration::from_secs(60));
    let ip: IpAddr = "10.0.0.1".parse().unwrap();
    let other: IpAddr = "10.0.0.2".parse().unwrap();
    assert!(throttle.take_ip_attempt(ip).await.is_ok());
    assert!(throttle.take_ip_attempt(ip).await.is_ok());
    match throttle.take_ip_attempt(ip).await {
        Err(AppError::TooManyRequests {
            retry_after_seconds,
        }) => assert!(retry_after_seconds > 0 && retry_after_seconds <= 60),
        other => panic!("expected 429, got {other:?}"),
    }
    assert!(throttle.take_ip_attempt(other).await.is_ok());
}

#[tokio::test]
async fn a_try_given_back_can_be_taken_again() {
    let throttle = throttle(1, Duration::from_secs(60));
    let ip: IpAddr = "10.0.0.1".parse().unwrap();
    assert!(throttle.take_ip_attempt(ip).await.is_ok());
    throttle.give_back_ip_attempt(ip).await;
    assert!(throttle.take_ip_attempt(ip).await.is_ok());
    assert!(throttle.take_ip_attempt(ip).await.is_err());
}

#[tokio::test]
async fn the_window_expires() {
    let throttle = throttle(1, Duration::from_millis(0));
    let ip: IpAddr = "10.0.0.1".parse().unwrap();
    assert!(throttle.take_ip_attempt(ip).await.is_ok());
    assert!(throttle.take_ip_attempt(ip).await.is_ok());
}

#[test]
fn account_keys_ignore_case_and_spaces() {
    assert_eq!(
        account_key(" Ana@Example.com"),
        account_key("ana@example.com")
    );
}

#[test]
fn the_account_lock_starts_after_the_free_failures_and_doubles() {
    let throttle = LoginThrottle::new(
        LoginThrottleSettings {
            account_free_failures: 3,
            account_base_delay: Duration::from_secs(30),
            account_max_delay: Duration::from_secs(100),
            ..LoginThrottleSettings::default()
        },
        Cluster::local_only(),
    );
    assert_eq!(throttle.locked_until(2, 1000), 0);
    assert_eq!(throttle.locked_until(3, 1000), 1030);
    assert_eq!(throttle.locked_until(4, 1000), 1060);
    assert_eq!(throttle.locked_until(5, 1000), 1100, "at most the maximum");
}
