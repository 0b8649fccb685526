//! The embedded flow's pages: the hosted flow's steps, with what the framing page needs
//! carried in hidden fields, and the messages for it in data attributes that the static
//! script `static/sandbox-widget.js` posts (the policy allows no inline script).

use maud::{html, Markup};
use serde_json::Value;

use crate::{domain::Language, i18n, views::layout::end_user};

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

/// A widget page in `language` (a refusal's page is in English, as its words are).
fn widget_in(language: Language, title: &str, talk: &Talk<'_>, content: Markup) -> Markup {
    let messages = Value::Array(talk.messages.clone()).to_string();
    end_user(
        None,
        language,
        title,
        html! {
            div #sandbox-widget hidden
                data-iframe-origin=(talk.embedding.iframe_origin)
                data-messages=(messages)
                data-exit=(talk.exit.to_string()) {}
            (content)
            button.button.button-link.button-wide type="button" data-widget-exit { (i18n::text(language, "flow-cancel")) }
            script src=(SCRIPT_PATH) defer {}
        },
    )
}

fn widget(title: &str, talk: &Talk<'_>, content: Markup) -> Markup {
    widget_in(talk.embedding.language(), title, talk, content)
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
    let language = talk.embedding.language();
    let t = |key: &str| i18n::text(language, key);
    let title = t("flow-details-title");
    widget(
        &title,
        talk,
        html! {
            (step_header(language, 1, &title))
            p.lead { (t("flow-details-lead")) }
            form.stack method="post" action=(format!("/sandbox/widget/{inquiry_id}/details")) {
                (carried(talk.embedding, session_token))
                (detail_fields(language, inputs))
                button.button.button-primary.button-wide type="submit" { (t("flow-details-button")) }
            }
        },
    )
}

pub fn document_page(talk: &Talk<'_>, inquiry_id: &str, session_token: &str) -> Markup {
    let language = talk.embedding.language();
    let t = |key: &str| i18n::text(language, key);
    let title = t("flow-document-title");
    widget(
        &title,
        talk,
        html! {
            (step_header(language, 2, &title))
            p.lead { (t("flow-document-lead")) }
            form.stack method="post" action=(format!("/sandbox/widget/{inquiry_id}/document")) {
                (carried(talk.embedding, Some(session_token)))
                button.button.button-primary.button-wide type="submit" name="outcome" value="pass" { (t("flow-document-pass")) }
                button.button.button-danger.button-wide type="submit" name="outcome" value="fail" { (t("flow-document-fail")) }
            }
        },
    )
}

/// The last step, just done in this frame (the hosted flow's says "already finished").
pub fn finished_page(talk: &Talk<'_>, status: InquiryStatus) -> Markup {
    let (title, message) = match status {
        InquiryStatus::Completed | InquiryStatus::Approved => {
            ("flow-complete-title", "widget-complete-lead")
        }
        InquiryStatus::Failed | InquiryStatus::Declined => {
            ("flow-finished-title", "widget-failed-lead")
        }
        _ => ("flow-finished-title", "widget-review-lead"),
    };
    let language = talk.embedding.language();
    let title = i18n::text(language, title);
    widget(
        &title,
        talk,
        html! {
            (step_header(language, 3, &title))
            p.lead { (i18n::text(language, message)) }
        },
    )
}

/// A page that cannot continue the flow; its `error` message tells the app why.
pub fn refused_page(talk: &Talk<'_>, status: u16, title: &str, message: &str) -> Markup {
    widget_in(
        Language::English,
        title,
        talk,
        html! {
            p.status-code { (status) }
            h1 { (title) }
            p.lead { (message) }
        },
    )
}
