//! One-time form keys. Every admin form that creates something carries a hidden
//! `form_key`, generated when the form is rendered; every submission of that rendered form
//! (a double click, a reload of the POST, a resubmit after an error) uses it as its
//! idempotency key, so the form creates one thing. Keys are signed for the signed-in user:
//! nobody can aim a key at someone else's submissions.

use subtle::ConstantTimeEq;

use crate::{
    crypto::{keyed_hash, sha256_hex},
    domain::random_token,
    error::AppError,
    state::AppState,
};

/// The hidden input's name.
pub const FIELD: &str = "form_key";

fn signature(state: &AppState, user_public_id: &str, nonce: &str) -> String {
    let mac = keyed_hash(
        &state.settings.data_key,
        &format!("form-key:{user_public_id}:{nonce}"),
    );
    mac[..32].to_owned()
}

/// A new key for a form rendered now for `user_public_id`.
pub fn issue(state: &AppState, user_public_id: &str) -> String {
    let nonce = random_token(16);
    let signature = signature(state, user_public_id, &nonce);
    format!("{nonce}.{signature}")
}

/// The idempotency key of a submission: derived from its form key (checked), or a fresh
/// one when the form came without (a script, a page from before form keys): such a
/// submission runs once, as every form did before.
pub fn submission_key(
    state: &AppState,
    user_public_id: &str,
    submitted: Option<&str>,
) -> Result<String, AppError> {
    let Some(submitted) = submitted.map(str::trim).filter(|key| !key.is_empty()) else {
        return Ok(format!("form:{}", random_token(24)));
    };
    let out_of_date = || {
        AppError::BadRequest("This form is out of date; reload the page and send it again.".into())
    };
    let (nonce, given) = submitted.split_once('.').ok_or_else(out_of_date)?;
    let expected = signature(state, user_public_id, nonce);
    if nonce.is_empty() || !bool::from(expected.as_bytes().ct_eq(given.as_bytes())) {
        return Err(out_of_date());
    }
    // Hashed: the key in the table says nothing about the form's key or its user.
    Ok(format!(
        "form:{}",
        sha256_hex(format!("{user_public_id}:{nonce}"))
    ))
}
