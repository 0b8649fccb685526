//! Unit tests of `src/auth/rate_limit.rs` (a child module of it, so private items are in reach).

use super::*;

#[test]
fn requests_over_the_limit_are_refused_until_the_window_passes() {
    let limiter = RateLimiter::default();
    let minute = Duration::from_secs(60);
    assert!(limiter.check("a", 2, minute).is_ok());
    assert!(limiter.check("a", 2, minute).is_ok());
    assert!(matches!(
        limiter.check("a", 2, minute),
        Err(AppError::TooManyRequests { .. })
    ));
    assert!(limiter.check("b", 2, minute).is_ok(), "keys are separate");
    assert!(limiter.check("c", 1, Duration::ZERO).is_ok());
    assert!(
        limiter.check("c", 1, Duration::ZERO).is_ok(),
        "an elapsed window resets"
    );
}
