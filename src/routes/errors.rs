//! Gives actix-web's own error responses (bad JSON, payload limits, unknown methods…) the
//! portal's error page, without internals.

use actix_web::{
    body::BoxBody, dev::ServiceResponse, http::header, middleware::ErrorHandlerResponse,
    HttpResponse,
};

use crate::views;

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
    let is_api = response.request().path().starts_with("/api/");
    let (request, original) = response.into_parts();
    // The sandbox's API renders its own errors, in Persona's shape, before they get here.
    let mut replacement: HttpResponse<BoxBody> = if is_api {
        let kind = match status.as_u16() {
            405 => "method_not_allowed",
            413 => "payload_too_large",
            _ => "invalid_request",
        };
        HttpResponse::build(status).json(serde_json::json!({
            "error": {"type": kind, "message": status.canonical_reason().unwrap_or("error")}
        }))
    } else {
        let message = match status.as_u16() {
            405 => "This address does not accept that kind of request.",
            413 => "The request was too large.",
            415 => "The request was sent in a format this page does not accept.",
            _ => "The request could not be handled.",
        };
        HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(views::errors::error_page(status, message).into_string())
    };
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
