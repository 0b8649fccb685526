//! The hosted flow's pages: plain server-rendered forms that work without JavaScript.

use maud::{html, Markup};

use crate::{
    domain::Language,
    i18n,
    views::{
        components::csrf_field,
        layout::{bare, end_user},
    },
};

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

/// A field's label in `language`; the English label for a field outside the standard ones.
fn label_of(language: Language, input: &DetailInput) -> String {
    match language {
        Language::English => input.label.to_owned(),
        _ => i18n::text(language, &format!("flow-field-{}", input.name)).into_owned(),
    }
}

/// The personal-details inputs, with their errors after a refused submit.
pub fn detail_fields(language: Language, inputs: &[DetailInput]) -> Markup {
    html! {
        @for input in inputs {
            @let id = format!("field-{}", input.name);
            div class={ "field" @if input.error.is_some() { " field-invalid" } } {
                label for=(id) { (label_of(language, input)) }
                input id=(id) name=(input.name) type=(input_kind(input.name)) value=(input.value)
                    aria-invalid=[input.error.as_ref().map(|_| "true")];
                @if let Some(error) = &input.error { p.field-error { (error) } }
            }
        }
    }
}

pub fn step_header(language: Language, step: u8, title: &str) -> Markup {
    html! {
        p.muted { (i18n::text_with(language, "flow-step", &[("step", &step.to_string())])) }
        h1 { (title) }
    }
}

/// A hosted-flow page in `language`, under the sandbox's own (the portal's) mark.
fn flow_page(language: Language, title: &str, content: Markup) -> Markup {
    end_user(None, language, title, content)
}

pub fn details_page(
    language: Language,
    inquiry_id: &str,
    csrf: &str,
    inputs: &[DetailInput],
) -> Markup {
    let t = |key: &str| i18n::text(language, key);
    let title = t("flow-details-title");
    flow_page(
        language,
        &title,
        html! {
            (step_header(language, 1, &title))
            p.lead { (t("flow-details-lead")) }
            form.stack method="post" action=(format!("/sandbox/verify/{inquiry_id}/details")) {
                (csrf_field(csrf))
                (detail_fields(language, inputs))
                button.button.button-primary.button-wide type="submit" { (t("flow-details-button")) }
            }
        },
    )
}

pub fn document_page(language: Language, inquiry_id: &str, csrf: &str) -> Markup {
    let t = |key: &str| i18n::text(language, key);
    let title = t("flow-document-title");
    flow_page(
        language,
        &title,
        html! {
            (step_header(language, 2, &title))
            p.lead { (t("flow-document-lead")) }
            form.stack method="post" action=(format!("/sandbox/verify/{inquiry_id}/document")) {
                (csrf_field(csrf))
                button.button.button-primary.button-wide type="submit" name="outcome" value="pass" { (t("flow-document-pass")) }
                button.button.button-danger.button-wide type="submit" name="outcome" value="fail" { (t("flow-document-fail")) }
            }
        },
    )
}

pub fn finished_page(language: Language, status: InquiryStatus) -> Markup {
    let (title, message) = match status {
        InquiryStatus::Completed | InquiryStatus::Approved => {
            ("flow-complete-title", "flow-complete-lead")
        }
        InquiryStatus::Failed | InquiryStatus::Declined => {
            ("flow-finished-title", "flow-failed-lead")
        }
        _ => ("flow-finished-title", "flow-review-lead"),
    };
    let title = i18n::text(language, title);
    flow_page(
        language,
        &title,
        html! {
            (step_header(language, 3, &title))
            p.lead { (i18n::text(language, message)) }
        },
    )
}

pub fn session_expired_page(language: Language, inquiry_expired: bool) -> Markup {
    let message = if inquiry_expired {
        "flow-expired-inquiry"
    } else {
        "flow-expired-session"
    };
    let title = i18n::text(language, "flow-expired-title");
    flow_page(
        language,
        &title,
        html! {
            p.status-code { "403" }
            h1 { (title) }
            p.lead { (i18n::text(language, message)) }
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
