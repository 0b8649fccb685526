//! Small HTTP helpers shared by the portal's routes and the sandbox's pages, kept below
//! both so that neither reaches into the other.

pub mod durations;

use actix_web::{
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    http::header,
    middleware::Next,
    HttpResponse,
};

/// A 303 to `location`: the Post/Redirect/Get answer of every successful form.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

/// A form with only its CSRF token (logout, one-button actions).
#[derive(serde::Deserialize)]
pub struct EmptyForm {}

/// Gives each request one provider deadline (`PORTAL_PROVIDER_DEADLINE_SECONDS`) for all
/// the provider calls it makes: a person waits that long at most, retries included.
pub async fn provider_deadline(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    crate::provider::for_one_request(next.call(req)).await
}
