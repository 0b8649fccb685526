//! Why the embedded flow cannot go on, said twice: on the page for the person, and as the
//! SDK's `error` message for the app.

use actix_web::http::StatusCode;

use super::{super::error::SandboxError, embedding::WidgetError};

/// Why the flow cannot go on: the page says `text`, the app gets `error`.
pub struct Refusal {
    pub http: StatusCode,
    pub title: &'static str,
    pub text: String,
    pub error: WidgetError,
    pub inquiry_id: Option<String>,
}

impl Refusal {
    pub fn unknown_inquiry() -> Self {
        Self {
            http: StatusCode::NOT_FOUND,
            title: "Verification not found",
            text: "There is no verification with this id.".into(),
            error: WidgetError::invalid_config("No inquiry with this id."),
            inquiry_id: None,
        }
    }

    pub fn config(message: impl Into<String>) -> Self {
        let message = message.into();
        Self {
            http: StatusCode::BAD_REQUEST,
            title: "This verification cannot start",
            text: message.clone(),
            error: WidgetError::invalid_config(message),
            inquiry_id: None,
        }
    }

    pub fn session_expired(inquiry_id: &str) -> Self {
        Self {
            http: StatusCode::FORBIDDEN,
            title: "Session expired",
            text: "This verification was started elsewhere, or your session has expired. \
                   Close this window and start again from the app."
                .into(),
            error: WidgetError::unauthenticated(
                "The session token is missing, expired, or not this inquiry's.",
            ),
            inquiry_id: Some(inquiry_id.to_owned()),
        }
    }

    pub fn inquiry_expired(inquiry_id: &str) -> Self {
        Self {
            http: StatusCode::FORBIDDEN,
            title: "Session expired",
            text: "This verification has expired. Close this window and start again from \
                   the app."
                .into(),
            error: WidgetError::unauthenticated("The inquiry has expired; resume it first."),
            inquiry_id: Some(inquiry_id.to_owned()),
        }
    }
}

/// The sandbox's own refusals keep their meaning; internal errors are logged here, since
/// the app only learns that something went wrong.
impl From<SandboxError> for Refusal {
    fn from(error: SandboxError) -> Self {
        match error {
            SandboxError::Client {
                status, details, ..
            } if status.is_client_error() && !matches!(status.as_u16(), 409 | 429) => {
                Refusal::config(details)
            }
            SandboxError::Client {
                status, details, ..
            } => Self {
                http: status,
                title: "This verification cannot go on",
                text: details.clone(),
                error: WidgetError::unknown(status.as_u16(), details),
                inquiry_id: None,
            },
            SandboxError::Internal(error) => {
                log::error!("sandbox widget internal error: {error:#}");
                Self {
                    http: StatusCode::INTERNAL_SERVER_ERROR,
                    title: "Something went wrong",
                    text: "Something went wrong in the sandbox; the error has been logged.".into(),
                    error: WidgetError::unknown(500, "Something went wrong in the sandbox."),
                    inquiry_id: None,
                }
            }
        }
    }
}

impl From<sea_orm::DbErr> for Refusal {
    fn from(error: sea_orm::DbErr) -> Self {
        SandboxError::from(error).into()
    }
}
