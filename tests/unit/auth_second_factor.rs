//! Unit tests of `src/auth/second_factor.rs`: RFC 6238 test vectors and the step window.

use super::{matching_step, normalise_recovery, recovery_codes};

/// RFC 6238 appendix B's SHA-1 secret "12345678901234567890", in base32.
const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

#[test]
fn codes_of_the_rfc_6238_vectors_match_their_step() {
    // The RFC's 8-digit values, cut to the 6 digits the portal uses.
    for (time, code) in [
        (59u64, "287082"),
        (1_111_111_109, "081804"),
        (1_234_567_890, "005924"),
    ] {
        assert_eq!(
            matching_step(RFC_SECRET, code, time).unwrap(),
            Some((time / 30) as i64)
        );
    }
}

#[test]
fn one_step_either_side_is_accepted_and_two_are_not() {
    let at = 1_111_111_109u64;
    assert_eq!(
        matching_step(RFC_SECRET, "081804", at + 30).unwrap(),
        Some((at / 30) as i64)
    );
    assert_eq!(
        matching_step(RFC_SECRET, "081804", at - 30).unwrap(),
        Some((at / 30) as i64)
    );
    assert_eq!(matching_step(RFC_SECRET, "081804", at + 60).unwrap(), None);
    assert_eq!(matching_step(RFC_SECRET, "000000", at).unwrap(), None);
    assert_eq!(matching_step(RFC_SECRET, "08180", at).unwrap(), None);
}

#[test]
fn ten_distinct_recovery_codes_are_stored_only_as_hashes() {
    let (codes, stored) = recovery_codes();
    assert_eq!(codes.len(), 10);
    let mut unique = codes.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 10);
    for code in &codes {
        assert!(!stored.contains(code.as_str()));
        assert!(stored.contains(&crate::crypto::sha256_hex(normalise_recovery(code))));
    }
    assert_eq!(normalise_recovery(" ABCDE-fghij "), "abcdefghij");
}
