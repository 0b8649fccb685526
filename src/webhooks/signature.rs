//! `Persona-Signature: t=<unix>,v1=<hex>`, where v1 = HMAC-SHA256(secret, "<t>.<raw body>").
//! During a secret rotation the provider sends several space-separated `t=…,v1=…` sets, and
//! the portal may hold several secrets (`PERSONA_WEBHOOK_SECRET=new,old`): any fresh set
//! that matches any secret is enough.

use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// How far the signed timestamp may be from our clock, either way, in seconds.
pub const TOLERANCE_SECONDS: i64 = 300;
/// Longer headers are refused unread; a real one is well under 300 bytes.
const MAX_HEADER_LEN: usize = 2048;
const MAX_SETS: usize = 8;
const SIGNATURE_LEN: usize = 32;

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the Persona-Signature header is missing")]
    Missing,
    #[error("the Persona-Signature header is not `t=<unix seconds>,v1=<hex>`")]
    Malformed,
    #[error("the signature's timestamp is more than 300 seconds away from now")]
    Stale,
    #[error("the signature does not match the body")]
    Mismatch,
}

/// One `t=…,v1=…` set: the signed time and its signatures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureSet {
    pub timestamp: i64,
    pub signatures: Vec<Vec<u8>>,
}

/// Reads the header. Unknown keys (a future `v2`) are skipped; a set without a readable
/// `t` and at least one readable `v1` is skipped too; no usable set at all is `Malformed`.
pub fn parse_header(header: &str) -> Result<Vec<SignatureSet>, SignatureError> {
    if header.len() > MAX_HEADER_LEN {
        return Err(SignatureError::Malformed);
    }
    let sets: Vec<SignatureSet> = header
        .split_whitespace()
        .take(MAX_SETS)
        .filter_map(parse_set)
        .collect();
    if sets.is_empty() {
        Err(SignatureError::Malformed)
    } else {
        Ok(sets)
    }
}

fn parse_set(set: &str) -> Option<SignatureSet> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for pair in set.split(',') {
        match pair.split_once('=') {
            Some(("t", value)) if timestamp.is_none() => {
                let valid = !value.is_empty() && value.len() <= 12;
                if !(valid && value.bytes().all(|b| b.is_ascii_digit())) {
                    return None;
                }
                timestamp = Some(value.parse::<i64>().ok()?);
            }
            Some(("t", _)) => return None,
            Some(("v1", value)) => {
                let bytes = hex::decode(value).ok()?;
                if bytes.len() != SIGNATURE_LEN {
                    return None;
                }
                signatures.push(bytes);
            }
            _ => {}
        }
    }
    let timestamp = timestamp?;
    (!signatures.is_empty()).then_some(SignatureSet {
        timestamp,
        signatures,
    })
}

/// Checks `header` against `body` with any of `secrets`, at time `now` (unix seconds).
/// Comparisons are constant-time (`verify_slice`).
pub fn verify(
    header: Option<&str>,
    body: &[u8],
    secrets: &[&str],
    now: i64,
) -> Result<(), SignatureError> {
    let header = header
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .ok_or(SignatureError::Missing)?;
    let sets = parse_header(header)?;
    let fresh: Vec<&SignatureSet> = sets
        .iter()
        .filter(|set| (now - set.timestamp).abs() <= TOLERANCE_SECONDS)
        .collect();
    if fresh.is_empty() {
        return Err(SignatureError::Stale);
    }
    for set in fresh {
        for secret in secrets {
            let Ok(mut mac) = HmacSha256::new_from_slice(secret.as_bytes()) else {
                continue;
            };
            mac.update(set.timestamp.to_string().as_bytes());
            mac.update(b".");
            mac.update(body);
            for signature in &set.signatures {
                if mac.clone().verify_slice(signature).is_ok() {
                    return Ok(());
                }
            }
        }
    }
    Err(SignatureError::Mismatch)
}

/// The secrets in `PERSONA_WEBHOOK_SECRET`: comma-separated, so a rotation can hold both.
pub fn secrets(setting: &str) -> Vec<&str> {
    setting
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// A header value signing `body` at `timestamp` with `secret`, as the provider (and the
/// embedded sandbox) sends it.
pub fn signature_header(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let signature = match HmacSha256::new_from_slice(secret.as_bytes()) {
        Ok(mut mac) => {
            mac.update(timestamp.to_string().as_bytes());
            mac.update(b".");
            mac.update(body);
            hex::encode(mac.finalize().into_bytes())
        }
        // HMAC takes keys of any length; this branch cannot be reached.
        Err(_) => String::new(),
    };
    format!("t={timestamp},v1={signature}")
}

#[cfg(test)]
mod tests {
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
}
