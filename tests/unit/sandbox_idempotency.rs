//! Unit tests of `src/sandbox/idempotency.rs` (a child module of it, so private items are in reach).

use super::*;

#[test]
fn a_sealed_body_opens_again_and_is_not_readable_as_stored() {
    let sealer = ReplaySealer::new(&[7u8; 32]);
    let stored = sealer
        .seal("{\"meta\":{\"session-token\":\"secret\"}}")
        .unwrap();
    assert!(!stored.contains("secret"));
    assert_eq!(
        sealer.open(&stored).unwrap(),
        "{\"meta\":{\"session-token\":\"secret\"}}"
    );
    assert!(ReplaySealer::new(&[8u8; 32]).open(&stored).is_err());
}
