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
#[path = "../../tests/unit/webhooks_signature.rs"]
mod tests;
