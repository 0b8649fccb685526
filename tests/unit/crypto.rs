//! Unit tests of `src/crypto.rs` (a child module of it, so private items are in reach).

use super::*;

fn cipher() -> DataCipher {
    DataCipher::new(&[9u8; 32]).unwrap()
}

#[test]
fn a_value_round_trips_in_its_context() {
    let stored = cipher().encrypt("ana@example.com", "link:1").unwrap();
    assert!(stored.starts_with("v1."));
    assert!(!stored.contains("ana"));
    assert_eq!(
        cipher().decrypt(&stored, "link:1").unwrap(),
        "ana@example.com"
    );
}

#[test]
fn the_same_value_encrypts_differently_each_time() {
    assert_ne!(
        cipher().encrypt("same", "c").unwrap(),
        cipher().encrypt("same", "c").unwrap()
    );
}

#[test]
fn another_context_or_key_or_a_flipped_byte_does_not_decrypt() {
    let stored = cipher().encrypt("secret", "link:1").unwrap();
    assert!(cipher().decrypt(&stored, "link:2").is_err());
    assert!(DataCipher::new(&[8u8; 32])
        .unwrap()
        .decrypt(&stored, "link:1")
        .is_err());
    let mut tampered = stored.into_bytes();
    let last = tampered.len() - 2;
    tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
    assert!(cipher()
        .decrypt(&String::from_utf8(tampered).unwrap(), "link:1")
        .is_err());
}

#[test]
fn garbage_is_refused_without_panicking() {
    for garbage in [
        "",
        "v1",
        "v1..",
        "v2.AAAA.BBBB",
        "v1.!!!.???",
        "v1.AAAA.BBBB",
    ] {
        assert!(cipher().decrypt(garbage, "c").is_err(), "{garbage:?}");
    }
}

#[test]
fn a_short_key_is_refused() {
    assert!(DataCipher::new(&[1u8; 16]).is_err());
}

#[test]
fn sha256_is_lower_case_hex() {
    assert_eq!(
        sha256_hex("abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}
