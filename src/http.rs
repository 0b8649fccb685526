//! Small HTTP helpers shared by the portal's routes and the sandbox's pages, kept below
//! both so that neither reaches into the other.

use actix_web::{http::header, HttpResponse};

/// A 303 to `location`: the Post/Redirect/Get answer of every successful form.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

/// A form with only its CSRF token (logout, one-button actions).
#[derive(serde::Deserialize)]
pub struct EmptyForm {}
