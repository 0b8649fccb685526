//! `Idempotency-Key` on every POST: the first response for a key and path is stored and
//! replayed, byte for byte, to every later request with the same key and path.
//!
//! Stored bodies can hold session tokens and one-time links, so they are encrypted with
//! a key derived from the data key. Records are kept for a day.

use actix_web::{http::StatusCode, HttpRequest, HttpResponse};
use aes_gcm::{
    aead::{Aead, KeyInit},
    Aes256Gcm, Nonce,
};
use base64::{engine::general_purpose::STANDARD, Engine};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};
use sha2::{Digest, Sha256};

use super::entities::idempotency_keys as records;

use super::error::SandboxError;

pub const HEADER: &str = "Idempotency-Key";
const MAX_KEY_LENGTH: usize = 255;
/// How long a key is remembered.
pub const RETENTION_SECONDS: i64 = 24 * 60 * 60;
const NONCE_LENGTH: usize = 12;

/// The request's key, if it sent one; refused when it is empty, too long or not text.
pub fn key_of(req: &HttpRequest) -> Result<Option<String>, SandboxError> {
    let Some(value) = req.headers().get(HEADER) else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|key| !key.is_empty() && key.len() <= MAX_KEY_LENGTH)
        .filter(|key| key.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or_else(|| {
            SandboxError::bad_request(format!(
                "{HEADER} must be 1 to {MAX_KEY_LENGTH} printable ASCII characters."
            ))
        })?;
    Ok(Some(key.to_owned()))
}

pub fn request_hash(body: &[u8]) -> String {
    crate::crypto::sha256_hex(body)
}

/// Encrypts and decrypts stored response bodies.
pub struct ReplaySealer(Aes256Gcm);

impl ReplaySealer {
    pub fn new(data_key: &[u8]) -> Self {
        let key = Sha256::new()
            .chain_update(b"inquiry-portal sandbox idempotency replay")
            .chain_update(data_key)
            .finalize();
        Self(Aes256Gcm::new(&key))
    }

    fn seal(&self, body: &str) -> Result<String, SandboxError> {
        let mut nonce = [0u8; NONCE_LENGTH];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let sealed = self
            .0
            .encrypt(Nonce::from_slice(&nonce), body.as_bytes())
            .map_err(|_| SandboxError::internal(anyhow::anyhow!("cannot seal a replay body")))?;
        let mut stored = nonce.to_vec();
        stored.extend_from_slice(&sealed);
        Ok(STANDARD.encode(stored))
    }

    fn open(&self, stored: &str) -> Result<String, SandboxError> {
        let unreadable = || SandboxError::internal(anyhow::anyhow!("unreadable replay body"));
        let bytes = STANDARD.decode(stored).map_err(|_| unreadable())?;
        if bytes.len() < NONCE_LENGTH {
            return Err(unreadable());
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LENGTH);
        let plain = self
            .0
            .decrypt(Nonce::from_slice(nonce), sealed)
            .map_err(|_| unreadable())?;
        String::from_utf8(plain).map_err(|_| unreadable())
    }
}

pub async fn find(
    conn: &impl ConnectionTrait,
    key: &str,
    path: &str,
) -> Result<Option<records::Model>, DbErr> {
    records::Entity::find()
        .filter(records::Column::IdempotencyKey.eq(key))
        .filter(records::Column::RequestPath.eq(path))
        .one(conn)
        .await
}

pub struct Outcome<'a> {
    pub key: &'a str,
    pub path: &'a str,
    pub request_hash: &'a str,
    pub status: StatusCode,
    pub body: &'a str,
}

pub async fn remember(
    conn: &impl ConnectionTrait,
    sealer: &ReplaySealer,
    outcome: Outcome<'_>,
    now: i64,
) -> Result<(), SandboxError> {
    records::ActiveModel {
        idempotency_key: Set(outcome.key.to_owned()),
        request_path: Set(outcome.path.to_owned()),
        request_hash: Set(outcome.request_hash.to_owned()),
        response_status: Set(i32::from(outcome.status.as_u16())),
        response_body: Set(sealer.seal(outcome.body)?),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// The stored answer again, or 422 when the key was first used for a different body.
pub fn replay(
    sealer: &ReplaySealer,
    record: &records::Model,
    request_hash: &str,
) -> Result<HttpResponse, SandboxError> {
    if record.request_hash != request_hash {
        return Err(SandboxError::unprocessable(format!(
            "This {HEADER} was already used for a different request body on this path."
        )));
    }
    let status = u16::try_from(record.response_status)
        .ok()
        .and_then(|status| StatusCode::from_u16(status).ok())
        .ok_or_else(|| SandboxError::internal(anyhow::anyhow!("bad stored status")))?;
    Ok(HttpResponse::build(status)
        .content_type("application/json")
        .insert_header(("Idempotent-Replayed", "true"))
        .body(sealer.open(&record.response_body)?))
}

pub async fn purge_older_than(conn: &impl ConnectionTrait, cutoff: i64) -> Result<u64, DbErr> {
    Ok(records::Entity::delete_many()
        .filter(records::Column::CreatedAt.lt(cutoff))
        .exec(conn)
        .await?
        .rows_affected)
}

#[cfg(test)]
#[path = "../../tests/unit/sandbox_idempotency.rs"]
mod tests;
