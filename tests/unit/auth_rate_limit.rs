//! Unit tests of `src/auth/rate_limit.rs` (a child module of it, so private items are in reach).

use super::*;

#[tokio::test]
async fn requests_over_the_limit_are_refused_until_the_window_passes() {
    let limiter = RateLimiter::new(Cluster::local_only());
    let minute = Duration::from_secs(60);
    assert!(limiter.check("a", 2, minute).await.is_ok());
    assert!(limiter.check("a", 2, minute).await.is_ok());
    assert!(matches!(
        limiter.check("a", 2, minute).await,
        Err(AppError::TooManyRequests { .. })
    ));
    assert!(
        limiter.check("b", 2, minute).await.is_ok(),
        "keys are separate"
    );
    assert!(limiter.check("c", 1, Duration::ZERO).await.is_ok());
    assert!(
        limiter.check("c", 1, Duration::ZERO).await.is_ok(),
        "an elapsed window resets"
    );
}

#[test]
fn a_refusal_asks_to_wait_at_least_a_second_and_rounds_up() {
    let wait = |duration| match too_many(duration) {
        AppError::TooManyRequests {
            retry_after_seconds,
        } => retry_after_seconds,
        _ => 0,
    };
    assert_eq!(wait(Duration::ZERO), 1);
    assert_eq!(wait(Duration::from_millis(1_500)), 2);
    assert_eq!(wait(Duration::from_secs(60)), 60);
}

#[tokio::test]
async fn a_request_given_back_frees_its_place_and_never_goes_below_zero() {
    let limiter = RateLimiter::new(Cluster::local_only());
    let hour = Duration::from_secs(3600);
    assert!(limiter.check("a", 1, hour).await.is_ok());
    assert!(limiter.check("a", 1, hour).await.is_err());
    limiter.give_back("a").await;
    assert!(
        limiter.check("a", 1, hour).await.is_ok(),
        "the place is free again"
    );
    limiter.give_back("b").await;
    limiter.give_back("a").await;
    limiter.give_back("a").await;
    assert!(limiter.check("a", 1, hour).await.is_ok());
    assert!(
        limiter.check("a", 1, hour).await.is_err(),
        "two give-backs free one place, not two"
    );
}
