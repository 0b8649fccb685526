//! Unit tests of `src/sandbox/faults.rs` (a child module of it, so private items are in reach).

use super::*;

#[test]
fn injected_answers_are_used_up_one_call_at_a_time() {
    let faults = Faults::default();
    faults.apply(FaultUpdate {
        fail_next: Some(1),
        rate_limit_next: Some(1),
        ..Default::default()
    });
    assert_eq!(faults.take_for_call().1, Some(InjectedAnswer::RateLimited));
    assert_eq!(faults.take_for_call().1, Some(InjectedAnswer::ServerError));
    assert_eq!(faults.take_for_call().1, None);
}

#[test]
fn an_update_keeps_the_settings_it_does_not_name() {
    let faults = Faults::default();
    faults.apply(FaultUpdate {
        drop_webhooks: Some(true),
        ..Default::default()
    });
    let state = faults.apply(FaultUpdate {
        latency_ms: Some(10),
        ..Default::default()
    });
    assert!(state.drop_webhooks);
    assert_eq!(state.latency_ms, 10);
    assert_eq!(faults.reset(), FaultState::default());
}
