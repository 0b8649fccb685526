//! Unit tests of `src/sandbox/webhooks.rs` (a child module of it, so private items are in reach).

use super::*;

#[test]
fn the_signature_is_an_hmac_of_the_timestamp_and_the_raw_body() {
    let header = signature("secret", 1700000000, "{\"a\":1}");
    let mut mac = Hmac::<Sha256>::new_from_slice(b"secret").unwrap();
    mac.update(b"1700000000.{\"a\":1}");
    let expected = hex::encode(mac.finalize().into_bytes());
    assert_eq!(header, format!("t=1700000000,v1={expected}"));
}

#[test]
fn backoff_doubles_and_is_capped() {
    assert_eq!(backoff_seconds(1), 1);
    assert_eq!(backoff_seconds(2), 2);
    assert_eq!(backoff_seconds(5), 16);
    assert_eq!(backoff_seconds(15), MAX_BACKOFF_SECONDS);
}

#[test]
fn during_a_rotation_the_header_has_one_set_per_secret_and_either_secret_verifies_it() {
    let secrets = ["old-secret".to_owned(), "new-secret".to_owned()];
    let body = "{\"a\":1}";
    let header = signature_header(&secrets, 1700000000, body);
    let sets: Vec<&str> = header.split(' ').collect();
    assert_eq!(
        sets,
        [
            signature("old-secret", 1700000000, body),
            signature("new-secret", 1700000000, body)
        ]
    );
    for secret in ["old-secret", "new-secret"] {
        let verified = crate::webhooks::signature::verify(
            Some(&header),
            body.as_bytes(),
            &[secret],
            1700000000,
        );
        assert_eq!(verified, Ok(()), "{secret} should verify the header");
    }
}
