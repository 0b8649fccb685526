//! Secrets at rest: AES-256-GCM under `PORTAL_DATA_KEY` for values the portal must read
//! back (session tokens, prefill PII, link tokens for re-display), and SHA-256 for values
//! it only needs to recognise (link tokens, API keys, access codes).

use aes_gcm::{
    aead::{Aead, KeyInit, Payload},
    Aes256Gcm, Nonce,
};
use base64::{engine::general_purpose::STANDARD_NO_PAD, Engine};
use rand::RngCore;
use sha2::{Digest, Sha256};

const VERSION: &str = "v1";
const NONCE_LEN: usize = 12;

#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error("the data key must be 32 bytes")]
    BadKey,
    #[error("encryption failed")]
    Encrypt,
    #[error("stored ciphertext is malformed or was encrypted under another key")]
    Decrypt,
}

/// Encrypts and decrypts small values. `context` binds a ciphertext to where it is stored
/// (for example `"link-token:42"`), so a value copied into another row does not decrypt.
#[derive(Clone)]
pub struct DataCipher {
    cipher: Aes256Gcm,
}

impl std::fmt::Debug for DataCipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataCipher(<key>)")
    }
}

impl DataCipher {
    pub fn new(key: &[u8]) -> Result<Self, CryptoError> {
        let cipher = Aes256Gcm::new_from_slice(key).map_err(|_| CryptoError::BadKey)?;
        Ok(Self { cipher })
    }

    /// `v1.<nonce>.<ciphertext>` in unpadded base64, with a fresh random nonce each time.
    pub fn encrypt(&self, plaintext: &str, context: &str) -> Result<String, CryptoError> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let ciphertext = self
            .cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| CryptoError::Encrypt)?;
        Ok(format!(
            "{VERSION}.{}.{}",
            STANDARD_NO_PAD.encode(nonce),
            STANDARD_NO_PAD.encode(ciphertext)
        ))
    }

    pub fn decrypt(&self, stored: &str, context: &str) -> Result<String, CryptoError> {
        let mut parts = stored.splitn(3, '.');
        let (Some(VERSION), Some(nonce), Some(ciphertext)) =
            (parts.next(), parts.next(), parts.next())
        else {
            return Err(CryptoError::Decrypt);
        };
        let nonce = STANDARD_NO_PAD
            .decode(nonce)
            .map_err(|_| CryptoError::Decrypt)?;
        if nonce.len() != NONCE_LEN {
            return Err(CryptoError::Decrypt);
        }
        let ciphertext = STANDARD_NO_PAD
            .decode(ciphertext)
            .map_err(|_| CryptoError::Decrypt)?;
        let plaintext = self
            .cipher
            .decrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: &ciphertext,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| CryptoError::Decrypt)?;
        String::from_utf8(plaintext).map_err(|_| CryptoError::Decrypt)
    }
}

/// Lower-case hex SHA-256: how tokens and keys are stored for lookup. On every click's
/// path, so it encodes into a buffer rather than character by character.
pub fn sha256_hex(value: impl AsRef<[u8]>) -> String {
    let digest = Sha256::digest(value.as_ref());
    let mut encoded = [0u8; 64];
    match hex::encode_to_slice(digest, &mut encoded) {
        Ok(()) => String::from_utf8_lossy(&encoded).into_owned(),
        Err(_) => hex::encode(digest),
    }
}

/// HMAC-SHA256 under the data key, hex: for short secrets (access codes) whose plain
/// SHA-256 could be brute-forced from a database copy.
pub fn keyed_hash(key: &[u8], value: &str) -> String {
    use hmac::{Hmac, Mac};
    match <Hmac<Sha256> as Mac>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(value.as_bytes());
            hex::encode(mac.finalize().into_bytes())
        }
        // HMAC accepts keys of any length; this arm is unreachable in practice.
        Err(_) => sha256_hex(value),
    }
}

#[cfg(test)]
#[path = "../tests/unit/crypto.rs"]
mod tests;
