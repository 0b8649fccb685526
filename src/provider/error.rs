//! What can go wrong talking to the provider, and what the portal's users see of it.

use reqwest::StatusCode;
use serde::Deserialize;

use crate::error::{ApiError, AppError};

/// A failed provider call. Messages come from the provider's error body and never carry
/// tokens or request data, so they may be logged and, for 4xx, shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    /// 401: the API key is wrong or revoked (a misconfiguration).
    #[error("the provider refused the API key")]
    Unauthorized,
    /// 403, including a quota that is used up.
    #[error("the provider forbids this: {message}")]
    Forbidden { message: String },
    #[error("the provider does not know this resource")]
    NotFound,
    #[error("the provider refused the request: {message}")]
    BadRequest { message: String },
    /// 409: the resource's state does not allow this, e.g. resuming a completed inquiry.
    #[error("{message}")]
    Conflict { message: String },
    #[error("the provider could not process the request: {message}")]
    Unprocessable { message: String },
    /// 429 that outlasted our retries, or that asked for a longer wait than we hold a request.
    #[error("the provider is rate limiting us; retry in {retry_after_seconds} s")]
    RateLimited { retry_after_seconds: u64 },
    /// 5xx, timeouts or connection errors, after every retry.
    #[error("the provider is unavailable ({})", answered(.status))]
    Unavailable { status: Option<u16> },
    /// A 2xx that lacks the session token or one-time link that was asked for.
    #[error("the provider answered without the session token or link that was asked for")]
    MissingToken,
    #[error("the provider's answer could not be read: {message}")]
    Decode { message: String },
    /// The request could not be built; a bug or a bad configuration on our side.
    #[error("the provider request could not be built: {message}")]
    InvalidRequest { message: String },
}

fn answered(status: &Option<u16>) -> String {
    status.map_or_else(|| "no answer".into(), |s| format!("HTTP {s}"))
}

impl ProviderError {
    /// Maps a non-2xx answer that is not retried; `body` is the provider's error document.
    pub(crate) fn from_status(status: StatusCode, body: &[u8]) -> Self {
        let message = || error_message(body, status);
        match status.as_u16() {
            400 => Self::BadRequest { message: message() },
            401 => Self::Unauthorized,
            403 => Self::Forbidden { message: message() },
            404 => Self::NotFound,
            409 => Self::Conflict { message: message() },
            422 => Self::Unprocessable { message: message() },
            429 => Self::RateLimited {
                retry_after_seconds: 1,
            },
            500..=599 => Self::Unavailable {
                status: Some(status.as_u16()),
            },
            _ if status.is_client_error() => Self::BadRequest {
                message: format!("HTTP {}: {}", status.as_u16(), message()),
            },
            other => Self::Decode {
                message: format!("unexpected HTTP status {other}"),
            },
        }
    }

    pub(crate) fn decode(what: &str, error: &serde_json::Error) -> Self {
        // serde_json's own message may quote the offending value, which could be PII; the
        // category and position are enough to find the problem.
        Self::Decode {
            message: format!(
                "{what}: {:?} error at line {}, column {}",
                error.classify(),
                error.line(),
                error.column()
            ),
        }
    }

    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::NotFound)
    }

    /// True when waiting and trying again later may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::RateLimited { .. } | Self::Unavailable { .. })
    }
}

#[derive(Deserialize)]
struct ErrorDocument {
    #[serde(default)]
    errors: Vec<ErrorObject>,
}

#[derive(Deserialize)]
struct ErrorObject {
    title: Option<String>,
    details: Option<String>,
    detail: Option<String>,
}

const MAX_MESSAGE_CHARS: usize = 300;

/// The human part of `{"errors": [{"title", "details"}]}`, or the status's reason phrase.
pub(crate) fn error_message(body: &[u8], status: StatusCode) -> String {
    let parts: Vec<String> = serde_json::from_slice::<ErrorDocument>(body)
        .map(|doc| doc.errors)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|e| {
            e.details
                .or(e.detail)
                .or(e.title)
                .filter(|s| !s.trim().is_empty())
        })
        .collect();
    let message = if parts.is_empty() {
        status
            .canonical_reason()
            .unwrap_or("no details given")
            .to_owned()
    } else {
        parts.join("; ")
    };
    message
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX_MESSAGE_CHARS)
        .collect()
}

const UNAVAILABLE: &str = "The verification provider is unavailable; try again shortly.";

/// The portal's default reading of a provider failure. A caller for whom "the provider does
/// not know this inquiry" means 404 checks [`ProviderError::is_not_found`] first; by default
/// it is an inconsistency between the portal and the provider, logged as a 500.
impl From<ProviderError> for AppError {
    fn from(error: ProviderError) -> Self {
        match error {
            ProviderError::Conflict { message } => AppError::Conflict(message),
            ProviderError::RateLimited {
                retry_after_seconds,
            } => AppError::ProviderBusy {
                retry_after_seconds,
            },
            ProviderError::Unavailable { .. } => AppError::ServiceUnavailable(UNAVAILABLE.into()),
            ProviderError::BadRequest { message } | ProviderError::Unprocessable { message } => {
                AppError::Unprocessable(format!(
                    "The verification provider refused this: {message}"
                ))
            }
            other @ (ProviderError::Unauthorized
            | ProviderError::Forbidden { .. }
            | ProviderError::NotFound
            | ProviderError::MissingToken
            | ProviderError::Decode { .. }
            | ProviderError::InvalidRequest { .. }) => {
                AppError::Internal(anyhow::Error::new(other).context("verification provider"))
            }
        }
    }
}

/// The same reading for the JSON API, so handlers can use `?` on provider calls.
impl From<ProviderError> for ApiError {
    fn from(error: ProviderError) -> Self {
        ApiError(error.into())
    }
}

#[cfg(test)]
#[path = "../../tests/unit/provider_error.rs"]
mod tests;
