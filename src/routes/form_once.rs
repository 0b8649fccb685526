//! One-time form keys on the admin forms that create something (the HTTP side; the keys
//! and records are in [`crate::idempotency`]). The first submission of a rendered form
//! runs and answers with a 303; a double click, a reload of the POST or a resubmit gets
//! that same 303 and creates nothing more.

use actix_session::Session;
use actix_web::HttpResponse;
use serde::{de::DeserializeOwned, Deserialize, Serialize};

use crate::{
    auth::TenantUser,
    error::AppError,
    idempotency::{
        self, form_key,
        secret_flash::{self, Reader, Shown},
        Answer, Begun, Claim, Flash,
    },
    state::AppState,
    views::{components::NotShownAgain, Flash as Notice},
};

use super::see_other;

/// The stored answer of a form: where its result is.
#[derive(Serialize, Deserialize)]
struct Redirect {
    location: String,
}

/// A one-button form that creates something: its CSRF token (checked by the extractor)
/// and its one-time key.
#[derive(Deserialize)]
pub struct KeyedForm {
    #[serde(default)]
    pub form_key: Option<String>,
}

/// The hidden `form_key` among a form's fields.
pub fn form_key_of(pairs: &[(String, String)]) -> Option<&str> {
    pairs
        .iter()
        .find(|(name, _)| name == form_key::FIELD)
        .map(|(_, value)| value.as_str())
}

/// A new key for a form rendered now for `member`.
pub fn new_form_key(state: &AppState, member: &TenantUser) -> String {
    form_key::issue(state, member.current.public_id())
}

/// The key a form sent back with an error carries: the one it was sent with (so sending it
/// again is the same submission), or a new one for a form that came without.
pub fn kept_form_key(state: &AppState, member: &TenantUser, sent: Option<&str>) -> String {
    match sent {
        Some(key) => key.to_owned(),
        None => new_form_key(state, member),
    }
}

/// Who may read the secrets this member's forms flash: this member, in this session.
pub fn reader(state: &AppState, member: &TenantUser) -> Reader {
    Reader::new(state, member.current.user.id, &member.current.csrf_token)
}

/// What submitting a form found.
pub enum Submission {
    /// The first submission of this rendered form: run it, then [`done`] or [`failed`].
    First(Claim),
    /// A repeat: the first submission's redirect.
    Repeat(HttpResponse),
}

/// Claims the submission of the form posted to `path` with `form_key`.
pub async fn submit(
    state: &AppState,
    session: &Session,
    member: &TenantUser,
    path: &str,
    form_key: Option<&str>,
) -> Result<Submission, AppError> {
    let key = form_key::submission_key(state, member.current.public_id(), form_key)?;
    let hash = idempotency::request_hash(&format!("POST {path}"), b"");
    match idempotency::begin(state, member.scope(), &key, &hash).await? {
        Begun::Claimed(claim) => Ok(Submission::First(claim)),
        Begun::Replay(answer) => {
            let redirect: Redirect =
                serde_json::from_str(&answer.body).map_err(AppError::internal)?;
            Notice::success(
                session,
                "That form was already sent, so nothing new was created. This is its result.",
            );
            Ok(Submission::Repeat(see_other(&redirect.location)))
        }
    }
}

/// A form's answer: a 303 to `location`, and the secret to show there once.
pub fn redirect_to(location: &str, flash: Option<Flash>) -> Result<Answer, AppError> {
    let mut answer = Answer::json(
        303,
        &Redirect {
            location: location.to_owned(),
        },
    )?;
    answer.flash = flash;
    Ok(answer)
}

/// A form's answer that shows `secrets` once on the page at `location` (Post/Redirect/Get:
/// they travel there encrypted, bound to this session, never in the URL).
pub fn secret_redirect(
    state: &AppState,
    reader: &Reader,
    location: &str,
    secrets: &impl Serialize,
) -> Result<Answer, AppError> {
    let flash = Flash::seal(state, reader, secrets)?;
    let separator = if location.contains('?') { '&' } else { '?' };
    let location = format!("{location}{separator}secret={}", flash.public_id());
    redirect_to(&location, Some(flash))
}

/// Stores the first submission's answer (unless its operation did, with its effect) and
/// redirects to it.
pub async fn done(
    state: &AppState,
    member: &TenantUser,
    claim: &Claim,
    answer: Answer,
) -> Result<HttpResponse, AppError> {
    let answer = idempotency::keep(state, member.scope(), claim, answer).await?;
    let redirect: Redirect = serde_json::from_str(&answer.body).map_err(AppError::internal)?;
    Ok(see_other(&redirect.location))
}

/// The submission failed and created nothing: the same form may be sent again.
pub async fn failed(state: &AppState, claim: &Claim) {
    idempotency::release(state, claim).await;
}

/// [`done`] with the answer of a form that worked, [`failed`] (and its error) otherwise.
pub async fn settle(
    state: &AppState,
    member: &TenantUser,
    claim: &Claim,
    outcome: Result<Answer, AppError>,
) -> Result<HttpResponse, AppError> {
    match outcome {
        Ok(answer) => done(state, member, claim, answer).await,
        Err(error) => {
            failed(state, claim).await;
            Err(error)
        }
    }
}

/// What a page that shows secrets once shows on this visit.
pub struct ShownSecrets<T> {
    /// The secrets, shown now and never again.
    pub secrets: Option<T>,
    /// Why secrets this visit asked for are not shown.
    pub not_shown: Option<NotShownAgain>,
}

/// Takes the secrets the flash `handle` (from the redirect's `?secret=`) carries for this
/// member's session: the first visit shows them, a reload learns they were shown.
pub async fn take_secret<T: DeserializeOwned>(
    state: &AppState,
    member: &TenantUser,
    handle: Option<&str>,
) -> Result<ShownSecrets<T>, AppError> {
    let Some(handle) = handle else {
        return Ok(ShownSecrets {
            secrets: None,
            not_shown: None,
        });
    };
    let reader = reader(state, member);
    let shown = secret_flash::take(state, member.scope(), &reader, handle).await?;
    Ok(match shown {
        Shown::Now(secrets) => ShownSecrets {
            secrets: Some(secrets),
            not_shown: None,
        },
        Shown::AlreadyShown => ShownSecrets {
            secrets: None,
            not_shown: Some(NotShownAgain::AlreadyShown),
        },
        Shown::Gone => ShownSecrets {
            secrets: None,
            not_shown: Some(NotShownAgain::Gone),
        },
    })
}
