//! Unit tests of `src/auth/api_keys.rs` (a child module of it, so private items are in reach).

use super::*;

#[test]
fn a_minted_key_has_its_prefix_and_hash() {
    let key = mint();
    assert_eq!(prefix_of(&key.secret), Some(key.prefix.as_str()));
    assert_eq!(key.hash, sha256_hex(&key.secret));
    assert_ne!(mint().secret, key.secret);
}

#[test]
fn malformed_keys_have_no_prefix() {
    for bad in [
        "",
        "ilp_",
        "ilp_short",
        "xyz_abcdefghij_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "ilp_abcdefghij-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "ilp_abcdefghij_short",
        "ilp_abc\u{e9}defghi_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    ] {
        assert_eq!(prefix_of(bad), None, "{bad:?}");
    }
}
