//! Unit tests of `src/webhooks/signature.rs` (a child module of it, so private items are in reach).

use super::*;

const BODY: &[u8] = br#"{"data":{"id":"evt_1"}}"#;
const NOW: i64 = 1_700_000_000;

#[test]
fn a_signature_made_with_the_secret_verifies() {
    let header = signature_header("whsec_a", NOW, BODY);
    assert_eq!(verify(Some(&header), BODY, &["whsec_a"], NOW), Ok(()));
    assert_eq!(verify(Some(&header), BODY, &["whsec_a"], NOW + 299), Ok(()));
}

#[test]
fn another_secret_another_body_or_an_old_timestamp_is_refused() {
    let header = signature_header("whsec_a", NOW, BODY);
    assert_eq!(
        verify(Some(&header), BODY, &["whsec_b"], NOW),
        Err(SignatureError::Mismatch)
    );
    assert_eq!(
        verify(Some(&header), b"{}", &["whsec_a"], NOW),
        Err(SignatureError::Mismatch)
    );
    assert_eq!(
        verify(Some(&header), BODY, &["whsec_a"], NOW + 301),
        Err(SignatureError::Stale)
    );
    assert_eq!(
        verify(Some(&header), BODY, &["whsec_a"], NOW - 301),
        Err(SignatureError::Stale)
    );
}

#[test]
fn during_rotation_any_set_and_any_secret_may_match() {
    let old = signature_header("whsec_old", NOW, BODY);
    let new = signature_header("whsec_new", NOW, BODY);
    let both = format!("{old} {new}");
    assert_eq!(verify(Some(&both), BODY, &["whsec_new"], NOW), Ok(()));
    assert_eq!(verify(Some(&both), BODY, &["whsec_old"], NOW), Ok(()));
    assert_eq!(
        verify(Some(&old), BODY, &secrets("whsec_new, whsec_old"), NOW),
        Ok(())
    );
}

#[test]
fn missing_and_garbage_headers_are_told_apart_from_bad_signatures() {
    assert_eq!(
        verify(None, BODY, &["s"], NOW),
        Err(SignatureError::Missing)
    );
    assert_eq!(
        verify(Some("  "), BODY, &["s"], NOW),
        Err(SignatureError::Missing)
    );
    for garbage in [
        "garbage",
        "t=,v1=",
        "t=abc,v1=00",
        "t=1700000000",
        "v1=abcd",
        "t=1700000000,v1=zz",
        "t=1700000000,v1=abcd",
        "t=1,t=2,v1=00",
        "t=99999999999999999999,v1=00",
        "t=-5,v1=00",
    ] {
        assert_eq!(
            verify(Some(garbage), BODY, &["s"], NOW),
            Err(SignatureError::Malformed),
            "{garbage}"
        );
    }
    let long = format!("t={NOW},v1={}", "0".repeat(4000));
    assert_eq!(parse_header(&long), Err(SignatureError::Malformed));
}

proptest::proptest! {
    #[test]
    fn any_header_is_parsed_or_refused_without_a_panic(header in "\\PC{0,300}") {
        let _ = parse_header(&header);
        let _ = verify(Some(&header), BODY, &["s"], NOW);
    }

    #[test]
    fn headers_shaped_like_signatures_never_verify_without_the_secret(
        t in 0i64..4_000_000_000,
        hex in "[0-9a-f]{0,80}",
        extra in "[ ,=a-z0-9]{0,40}",
    ) {
        let header = format!("t={t},v1={hex}{extra}");
        proptest::prop_assert!(verify(Some(&header), BODY, &["s"], t).is_err());
    }

    #[test]
    fn a_signed_body_verifies_and_any_changed_byte_does_not(
        body in proptest::collection::vec(proptest::num::u8::ANY, 1..512),
        flip in 0usize..512,
        bit in 0u8..8,
    ) {
        let header = signature_header("whsec_p", NOW, &body);
        proptest::prop_assert_eq!(verify(Some(&header), &body, &["whsec_p"], NOW), Ok(()));
        let mut changed = body.clone();
        let index = flip % changed.len();
        changed[index] ^= 1 << bit;
        proptest::prop_assert_eq!(
            verify(Some(&header), &changed, &["whsec_p"], NOW),
            Err(SignatureError::Mismatch)
        );
    }
}

#[test]
fn secrets_are_split_on_commas_and_trimmed() {
    assert_eq!(secrets(" a , b,,"), vec!["a", "b"]);
    assert!(secrets(" , ").is_empty());
}
