//! Unit tests of `src/sandbox/rate_limit.rs` (a child module of it, so private items are in reach).

use super::*;

#[test]
fn the_request_over_the_limit_is_refused_and_others_keep_their_own_budget() {
    let limiter = RateLimiter::new(2);
    assert!(limiter.check("key", true).allowed);
    let second = limiter.check("key", true);
    assert!(second.allowed);
    assert_eq!(second.remaining, 0);
    let third = limiter.check("key", true);
    assert!(!third.allowed);
    assert!(third.reset_seconds >= 1 && third.reset_seconds <= 60);
    assert!(limiter.check("other", true).allowed);
}

#[test]
fn a_peek_does_not_use_up_the_budget() {
    let limiter = RateLimiter::new(1);
    assert_eq!(limiter.check("key", false).remaining, 1);
    assert!(limiter.check("key", true).allowed);
}
