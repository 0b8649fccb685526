//! The embedded flow's pages: the hosted flow's steps, with what the framing page needs
//! carried in hidden fields, and the messages for it in data attributes that the static
//! script `static/sandbox-widget.js` posts (the policy allows no inline script).

use maud::{html, Markup};
use serde_json::Value;

use crate::{domain::Language, views::layout::bare};

use super::super::hosted::views::{detail_fields, step_header, DetailInput};
use super::super::model::InquiryStatus;
use super::embedding::Embedding;

/// Where the script is served (`routes`, inside `/sandbox`), from `static/sandbox-widget.js`.
pub const SCRIPT_PATH: &str = "/sandbox/widget.js";
pub const SCRIPT_PATH_IN_SCOPE: &str = "/widget.js";
pub const SCRIPT: &[u8] = include_bytes!("../../../static/sandbox-widget.js");

/// What a page says to the framing page: `messages` when it loads, `exit` when the person
/// cancels or the SDK asks the flow to close.
pub struct Talk<'a> {
    pub embedding: &'a Embedding,
    pub messages: Vec<Value>,
    pub exit: Value,
}

fn widget(title: &str, talk: &Talk<'_>, content: Markup) -> Markup {
    let messages = Value::Array(talk.messages.clone()).to_string();
    bare(
        title,
        html! {
            div #sandbox-widget hidden
                data-iframe-origin=(talk.embedding.iframe_origin)
                data-messages=(messages)
                data-exit=(talk.exit.to_string()) {}
            (content)
            button.button.button-link.button-wide type="button" data-widget-exit { "Cancel verification" }
            script src=(SCRIPT_PATH) defer {}
        },
    )
}

/// The embedding and the session token, for the next step's form.
fn carried(embedding: &Embedding, session_token: Option<&str>) -> Markup {
    html! {
        @for (name, value) in embedding.form_pairs() {
            input type="hidden" name=(name) value=(value);
        }
        @if let Some(token) = session_token {
            input type="hidden" name="session-token" value=(token);
        }
    }
}

pub fn details_page(
    talk: &Talk<'_>,
    inquiry_id: &str,
    session_token: Option<&str>,
    inputs: &[DetailInput],
) -> Markup {
    widget(
        "Confirm your details",
        talk,
        html! {
            (step_header(Language::English, 1, "Confirm your details"))
            p.lead { "Check the details below and correct anything that is wrong." }
            form.stack method="post" action=(format!("/sandbox/widget/{inquiry_id}/details")) {
                (carried(talk.embedding, session_token))
                (detail_fields(Language::English, inputs))
                button.button.button-primary.button-wide type="submit" { "Start verification" }
            }
        },
    )
}

pub fn document_page(talk: &Talk<'_>, inquiry_id: &str, session_token: &str) -> Markup {
    widget(
        "Verify your document",
        talk,
        html! {
            (step_header(Language::English, 2, "Verify your document"))
            p.lead { "This sandbox does not check real documents. Choose the outcome to simulate." }
            form.stack method="post" action=(format!("/sandbox/widget/{inquiry_id}/document")) {
                (carried(talk.embedding, Some(session_token)))
                button.button.button-primary.button-wide type="submit" name="outcome" value="pass" { "Simulate pass" }
                button.button.button-danger.button-wide type="submit" name="outcome" value="fail" { "Simulate fail" }
            }
        },
    )
}

pub fn finished_page(talk: &Talk<'_>, status: InquiryStatus) -> Markup {
    let (title, message) = match status {
        InquiryStatus::Completed | InquiryStatus::Approved => (
            "Verification complete",
            "Thank you; there is nothing more to do here.",
        ),
        InquiryStatus::Failed | InquiryStatus::Declined => (
            "Verification finished",
            "This verification could not be completed successfully.",
        ),
        _ => (
            "Verification finished",
            "This verification is finished and is being reviewed.",
        ),
    };
    widget(
        title,
        talk,
        html! {
            (step_header(Language::English, 3, title))
            p.lead { (message) }
        },
    )
}

/// A page that cannot continue the flow; its `error` message tells the app why.
pub fn refused_page(talk: &Talk<'_>, status: u16, title: &str, message: &str) -> Markup {
    widget(
        title,
        talk,
        html! {
            p.status-code { (status) }
            h1 { (title) }
            p.lead { (message) }
        },
    )
}
