//! One error type for the whole portal, with an explicit status per variant.
//!
//! HTML handlers return `AppError` and get an error page; JSON API handlers wrap it in
//! [`ApiError`] and get `{"error": {"type", "message"}}`. Internal details are logged,
//! never shown.

use actix_web::{
    http::{header, StatusCode},
    HttpResponse, ResponseError,
};
use sea_orm::{DbErr, RuntimeErr};
use serde_json::json;

use crate::{domain::ApiScope, views};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    BadRequest(String),
    #[error("not signed in")]
    Unauthenticated,
    #[error("you do not have access to this page")]
    Forbidden,
    /// Signed in, but a second factor must be set up before anything else (a 303 to
    /// `/account/security`).
    #[error("set up a second factor before you continue")]
    SecondFactorEnrolmentRequired,
    /// An API key past its expiry: no longer a valid key (401).
    #[error("This API key has expired; create a new one on the API keys page.")]
    ApiKeyExpired,
    /// A valid API key used for something its scopes do not allow (403).
    #[error("This API key lacks the “{0}” scope this call needs.")]
    InsufficientScope(ApiScope),
    /// A valid API key used from an address outside its allowed networks (403).
    #[error("This API key may not be used from {0}; it is limited to its allowed networks.")]
    NetworkNotAllowed(String),
    #[error("the form has expired or did not come from this site; reload the page and try again")]
    CsrfRejected,
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    Conflict(String),
    /// Well-formed input whose value is out of bounds (the JSON API's 422).
    #[error("{0}")]
    Unprocessable(String),
    #[error("{0}")]
    Gone(String),
    #[error("request body too large")]
    PayloadTooLarge,
    #[error("the request took too long to arrive; please try again")]
    RequestTimeout,
    #[error("too many attempts; try again in {retry_after_seconds} seconds")]
    TooManyRequests { retry_after_seconds: u64 },
    /// The verification provider's own rate limit: nothing the person did, so it is not
    /// worded like the portal's throttling.
    #[error("The verification provider is busy; try again in {retry_after_seconds} seconds.")]
    ProviderBusy { retry_after_seconds: u64 },
    #[error("{0}")]
    ServiceUnavailable(String),
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl From<DbErr> for AppError {
    /// A database that cannot be reached is a 503 to retry; any other failure is a bug.
    fn from(error: DbErr) -> Self {
        if is_unreachable(&error) {
            log::warn!("database unavailable: {error}");
            AppError::ServiceUnavailable(
                "The service is unavailable for a moment. Please try again shortly.".into(),
            )
        } else {
            AppError::Internal(anyhow::Error::new(error).context("database"))
        }
    }
}

/// The pool could not hand out a connection (closed, or none came in time), or the
/// connection broke: nothing wrong with the request, worth retrying.
fn is_unreachable(error: &DbErr) -> bool {
    match error {
        DbErr::ConnectionAcquire(_) => true,
        DbErr::Conn(RuntimeErr::SqlxError(error))
        | DbErr::Exec(RuntimeErr::SqlxError(error))
        | DbErr::Query(RuntimeErr::SqlxError(error)) => connection_lost(error),
        _ => false,
    }
}

fn connection_lost(error: &sea_orm::sqlx::Error) -> bool {
    use sea_orm::sqlx::Error;
    match error {
        Error::Io(_)
        | Error::Tls(_)
        | Error::PoolClosed
        | Error::PoolTimedOut
        | Error::WorkerCrashed => true,
        // PostgreSQL: connection exceptions (class 08), and the server shutting down or
        // terminating this backend (57P01-57P03).
        Error::Database(error) => error.code().is_some_and(|code| {
            code.starts_with("08") || matches!(code.as_ref(), "57P01" | "57P02" | "57P03")
        }),
        _ => false,
    }
}

impl AppError {
    pub fn internal(error: impl Into<anyhow::Error>) -> Self {
        AppError::Internal(error.into())
    }

    /// The machine-readable name used by the JSON API.
    pub fn kind(&self) -> &'static str {
        match self {
            AppError::BadRequest(_) => "invalid_request",
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden => "forbidden",
            AppError::ApiKeyExpired => "key_expired",
            AppError::SecondFactorEnrolmentRequired => "second_factor_enrolment_required",
            AppError::InsufficientScope(_) => "insufficient_scope",
            AppError::NetworkNotAllowed(_) => "network_not_allowed",
            AppError::CsrfRejected => "csrf_rejected",
            AppError::NotFound => "not_found",
            AppError::Conflict(_) => "conflict",
            AppError::Unprocessable(_) => "unprocessable",
            AppError::Gone(_) => "gone",
            AppError::PayloadTooLarge => "payload_too_large",
            AppError::RequestTimeout => "request_timeout",
            AppError::TooManyRequests { .. } => "rate_limited",
            AppError::ProviderBusy { .. } => "provider_busy",
            AppError::ServiceUnavailable(_) => "service_unavailable",
            AppError::Internal(_) => "internal_error",
        }
    }

    /// What a user may read: never the internals of a 500.
    pub fn public_message(&self) -> String {
        match self {
            AppError::Internal(_) => {
                "Something went wrong on our side. The error has been logged; please try again."
                    .into()
            }
            other => other.to_string(),
        }
    }

    /// A 4xx that repeating the same request would get again (not a rate limit or a
    /// conflict that may clear): remembered for idempotent replays.
    pub fn is_remembered_client_error(&self) -> bool {
        self.status_code().is_client_error()
            && !matches!(
                self,
                AppError::TooManyRequests { .. }
                    | AppError::ProviderBusy { .. }
                    | AppError::Conflict(_)
            )
    }

    fn log_if_internal(&self) {
        if let AppError::Internal(error) = self {
            log::error!("internal error: {error:#}");
        }
    }

    /// The seconds a `Retry-After` asks the client to wait, for answers that may clear.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            AppError::TooManyRequests {
                retry_after_seconds,
            }
            | AppError::ProviderBusy {
                retry_after_seconds,
            } => Some(*retry_after_seconds),
            AppError::ServiceUnavailable(_) => Some(5),
            _ => None,
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::SecondFactorEnrolmentRequired => StatusCode::SEE_OTHER,
            AppError::Unauthenticated | AppError::ApiKeyExpired => StatusCode::UNAUTHORIZED,
            AppError::Forbidden
            | AppError::CsrfRejected
            | AppError::InsufficientScope(_)
            | AppError::NetworkNotAllowed(_) => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Gone(_) => StatusCode::GONE,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            AppError::TooManyRequests { .. } | AppError::ProviderBusy { .. } => {
                StatusCode::TOO_MANY_REQUESTS
            }
            AppError::ServiceUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        self.log_if_internal();
        if let AppError::Unauthenticated = self {
            return HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/login"))
                .finish();
        }
        if let AppError::SecondFactorEnrolmentRequired = self {
            return HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/account/security"))
                .finish();
        }
        let mut response = HttpResponse::build(self.status_code());
        if let Some(seconds) = self.retry_after() {
            response.insert_header((header::RETRY_AFTER, seconds.to_string()));
        }
        response.content_type("text/html; charset=utf-8").body(
            views::errors::error_page(self.status_code(), &self.public_message()).into_string(),
        )
    }
}

/// The JSON face of [`AppError`], for the tenant API and the sandbox API.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct ApiError(#[from] pub AppError);

impl From<DbErr> for ApiError {
    fn from(error: DbErr) -> Self {
        ApiError(error.into())
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.0.status_code()
    }

    fn error_response(&self) -> HttpResponse {
        self.0.log_if_internal();
        let mut response = HttpResponse::build(self.status_code());
        match self.0 {
            AppError::Unauthenticated => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            AppError::ApiKeyExpired => {
                response
                    .insert_header((header::WWW_AUTHENTICATE, "Bearer error=\"invalid_token\""));
            }
            AppError::InsufficientScope(scope) => {
                let challenge = format!("Bearer error=\"insufficient_scope\", scope=\"{scope}\"");
                response.insert_header((header::WWW_AUTHENTICATE, challenge));
            }
            _ => {}
        }
        if let Some(seconds) = self.0.retry_after() {
            response.insert_header((header::RETRY_AFTER, seconds.to_string()));
        }
        let message = match self.0 {
            AppError::Unauthenticated => {
                "A valid API key is required: send “Authorization: Bearer <key>”.".to_owned()
            }
            ref other => other.public_message(),
        };
        response.json(json!({
            "error": {"type": self.0.kind(), "message": message}
        }))
    }
}
