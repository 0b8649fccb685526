//! The sandbox API's errors, in Persona's shape: `{"errors": [{"status", "title", "details"}]}`.

use std::borrow::Cow;

use actix_web::{
    body::BoxBody,
    dev::ServiceResponse,
    http::{header, StatusCode},
    middleware::ErrorHandlerResponse,
    HttpResponse, ResponseError,
};
use serde_json::json;

use crate::error::AppError;

#[derive(Debug)]
pub enum SandboxError {
    /// A 4xx the caller can act on.
    Client {
        status: StatusCode,
        title: Cow<'static, str>,
        details: String,
    },
    Internal(anyhow::Error),
}

impl std::fmt::Display for SandboxError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SandboxError::Client { title, details, .. } => write!(formatter, "{title}: {details}"),
            SandboxError::Internal(error) => write!(formatter, "internal error: {error:#}"),
        }
    }
}

impl std::error::Error for SandboxError {}

impl SandboxError {
    fn client(
        status: StatusCode,
        title: impl Into<Cow<'static, str>>,
        details: impl Into<String>,
    ) -> Self {
        SandboxError::Client {
            status,
            title: title.into(),
            details: details.into(),
        }
    }

    pub fn bad_request(details: impl Into<String>) -> Self {
        Self::client(StatusCode::BAD_REQUEST, "Bad request", details)
    }

    pub fn unauthorized() -> Self {
        Self::client(
            StatusCode::UNAUTHORIZED,
            "Must be authenticated to access this endpoint",
            "Send the sandbox API key as `Authorization: Bearer <key>`.",
        )
    }

    pub fn not_found(details: impl Into<String>) -> Self {
        Self::client(StatusCode::NOT_FOUND, "Record not found", details)
    }

    pub fn conflict(title: &'static str, details: impl Into<String>) -> Self {
        Self::client(StatusCode::CONFLICT, title, details)
    }

    pub fn unprocessable(details: impl Into<String>) -> Self {
        Self::client(StatusCode::UNPROCESSABLE_ENTITY, "Invalid request", details)
    }

    pub fn rate_limited(details: impl Into<String>) -> Self {
        Self::client(
            StatusCode::TOO_MANY_REQUESTS,
            "Rate limit exceeded",
            details,
        )
    }

    pub fn injected_failure() -> Self {
        Self::client(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Internal server error",
            "Injected by the sandbox's fault settings.",
        )
    }

    pub fn internal(error: impl Into<anyhow::Error>) -> Self {
        SandboxError::Internal(error.into())
    }
}

impl From<sea_orm::DbErr> for SandboxError {
    fn from(error: sea_orm::DbErr) -> Self {
        SandboxError::Internal(anyhow::Error::new(error).context("sandbox database"))
    }
}

impl From<serde_json::Error> for SandboxError {
    fn from(error: serde_json::Error) -> Self {
        SandboxError::Internal(anyhow::Error::new(error).context("sandbox json"))
    }
}

/// The hosted flow shows HTML pages, so its errors become the portal's.
impl From<SandboxError> for AppError {
    fn from(error: SandboxError) -> Self {
        match error {
            SandboxError::Client {
                status, details, ..
            } => match status.as_u16() {
                404 => AppError::NotFound,
                409 => AppError::Conflict(details),
                410 => AppError::Gone(details),
                429 => AppError::TooManyRequests {
                    retry_after_seconds: 1,
                },
                _ => AppError::BadRequest(details),
            },
            SandboxError::Internal(error) => AppError::Internal(error),
        }
    }
}

/// The JSON body of an error response, shared with the API gate's early answers.
pub fn error_body(status: StatusCode, title: &str, details: &str) -> serde_json::Value {
    json!({"errors": [{"status": status.as_u16(), "title": title, "details": details}]})
}

/// Gives actix-web's own error responses under the API (unreadable bodies, unknown
/// methods…) Persona's error shape instead of a bare status, keeping `Retry-After` and
/// `Allow`. Answers already rendered (ours are JSON) pass through untouched.
pub fn render_bare_error<B>(
    response: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let already_rendered = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html") || v.starts_with("application/json"));
    let status = response.status();
    if already_rendered || !(status.is_client_error() || status.is_server_error()) {
        return Ok(ErrorHandlerResponse::Response(
            response.map_into_left_body(),
        ));
    }
    let (request, original) = response.into_parts();
    let mut replacement: HttpResponse<BoxBody> = HttpResponse::build(status).json(error_body(
        status,
        status.canonical_reason().unwrap_or("Error"),
        "The request could not be handled.",
    ));
    for (name, value) in original.headers() {
        if name == header::RETRY_AFTER || name == header::ALLOW {
            replacement
                .headers_mut()
                .insert(name.clone(), value.clone());
        }
    }
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(request, replacement).map_into_right_body(),
    ))
}

impl ResponseError for SandboxError {
    fn status_code(&self) -> StatusCode {
        match self {
            SandboxError::Client { status, .. } => *status,
            SandboxError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let body = match self {
            SandboxError::Client { title, details, .. } => error_body(status, title, details),
            SandboxError::Internal(error) => {
                log::error!("sandbox internal error: {error:#}");
                error_body(
                    status,
                    "Internal server error",
                    "Something went wrong in the sandbox; the error has been logged.",
                )
            }
        };
        let mut response = HttpResponse::build(status);
        if status == StatusCode::TOO_MANY_REQUESTS {
            response.insert_header((header::RETRY_AFTER, "1"));
        }
        response.json(body)
    }
}
