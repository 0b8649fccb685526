//! The hosted flow's pages: plain server-rendered forms that work without JavaScript.

use maud::{html, Markup};

use crate::views::{components::csrf_field, layout::bare};

use super::super::model::{InquiryStatus, STANDARD_FIELDS};

/// One personal-data input as shown: its value and, after a refused submit, its error.
pub struct DetailInput {
    pub name: &'static str,
    pub label: &'static str,
    pub value: String,
    pub error: Option<String>,
}

impl DetailInput {
    pub fn all(value_of: impl Fn(&str) -> String) -> Vec<Self> {
        STANDARD_FIELDS
            .iter()
            .map(|(name, label)| DetailInput {
                name,
                label,
                value: value_of(name),
                error: None,
            })
            .collect()
    }
}

fn input_kind(name: &str) -> &'static str {
    match name {
        "birthdate" => "date",
        "email-address" => "email",
        "phone-number" => "tel",
        _ => "text",
    }
}

/// The personal-details inputs, with their errors after a refused submit.
pub fn detail_fields(inputs: &[DetailInput]) -> Markup {
    html! {
        @for input in inputs {
            @let id = format!("field-{}", input.name);
            div class={ "field" @if input.error.is_some() { " field-invalid" } } {
                label for=(id) { (input.label) }
                input id=(id) name=(input.name) type=(input_kind(input.name)) value=(input.value)
                    aria-invalid=[input.error.as_ref().map(|_| "true")];
                @if let Some(error) = &input.error { p.field-error { (error) } }
            }
        }
    }
}

pub fn step_header(step: u8, title: &str) -> Markup {
    html! {
        p.muted { "Sandbox verification · step " (step) " of 3" }
        h1 { (title) }
    }
}

pub fn details_page(inquiry_id: &str, csrf: &str, inputs: &[DetailInput]) -> Markup {
    bare(
        "Confirm your details",
        html! {
            (step_header(1, "Confirm your details"))
            p.lead { "Check the details below and correct anything that is wrong." }
            form.stack method="post" action=(format!("/sandbox/verify/{inquiry_id}/details")) {
                (csrf_field(csrf))
                (detail_fields(inputs))
                button.button.button-primary.button-wide type="submit" { "Start verification" }
            }
        },
    )
}

pub fn document_page(inquiry_id: &str, csrf: &str) -> Markup {
    bare(
        "Verify your document",
        html! {
            (step_header(2, "Verify your document"))
            p.lead { "This sandbox does not check real documents. Choose the outcome to simulate." }
            form.stack method="post" action=(format!("/sandbox/verify/{inquiry_id}/document")) {
                (csrf_field(csrf))
                button.button.button-primary.button-wide type="submit" name="outcome" value="pass" { "Simulate pass" }
                button.button.button-danger.button-wide type="submit" name="outcome" value="fail" { "Simulate fail" }
            }
        },
    )
}

pub fn finished_page(status: InquiryStatus) -> Markup {
    let (title, message) = match status {
        InquiryStatus::Completed | InquiryStatus::Approved => (
            "Verification complete",
            "This verification is already finished. Thank you; there is nothing more to do.",
        ),
        InquiryStatus::Failed | InquiryStatus::Declined => (
            "Verification finished",
            "This verification is already finished and could not be completed successfully.",
        ),
        _ => (
            "Verification finished",
            "This verification is already finished and is being reviewed.",
        ),
    };
    bare(
        title,
        html! {
            (step_header(3, title))
            p.lead { (message) }
        },
    )
}

pub fn session_expired_page(inquiry_expired: bool) -> Markup {
    let message = if inquiry_expired {
        "This verification has expired. Go back to where you got the link and ask for a new one."
    } else {
        "This verification was started in another browser or tab, or your session has expired. \
         Go back to where you got the link and open it again to continue."
    };
    bare(
        "Session expired",
        html! {
            p.status-code { "403" }
            h1 { "Session expired" }
            p.lead { (message) }
        },
    )
}

pub fn link_problem_page(status: u16, title: &str, message: &str) -> Markup {
    bare(
        title,
        html! {
            p.status-code { (status) }
            h1 { (title) }
            p.lead { (message) }
        },
    )
}
