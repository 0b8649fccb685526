use actix_web::http::StatusCode;
use maud::{html, Markup};

use super::layout::bare;

pub fn error_page(status: StatusCode, message: &str) -> Markup {
    let title = match status.as_u16() {
        400 => "Something is wrong with that request",
        403 => "You don't have access to this",
        404 => "We couldn't find that page",
        410 => "This is no longer available",
        413 => "That was too much data",
        429 => "Slow down a little",
        503 => "Temporarily unavailable",
        500..=599 => "Something went wrong",
        _ => "That didn't work",
    };
    bare(
        title,
        html! {
            p.status-code { (status.as_u16()) }
            h1 { (title) }
            p.lead { (message) }
            p { a.button href="/" { "Go to the start page" } }
        },
    )
}
