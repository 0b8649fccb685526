//! Small pieces shared by every page.

use maud::{html, Markup};

use crate::domain::Language;

use super::{flash::Level, Flash};

pub fn csrf_field(token: &str) -> Markup {
    html! { input type="hidden" name="csrf_token" value=(token); }
}

/// The one-time key of a form that creates something: every submission of this rendered
/// form (a double click, a reload) creates one thing.
pub fn form_key_field(key: &str) -> Markup {
    html! { input type="hidden" name="form_key" value=(key); }
}

/// Why a page that shows a secret once does not show it now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotShownAgain {
    /// It was shown on an earlier visit of this page.
    AlreadyShown,
    /// It expired unread, or belongs to another session.
    Gone,
}

/// The notice in place of a secret that is not shown again; `instead` says what to do.
pub fn not_shown_again(reason: NotShownAgain, instead: &str) -> Markup {
    html! {
        div.flash.flash-error role="status" {
            @match reason {
                NotShownAgain::AlreadyShown => "This secret was already shown once and is never shown again, so reloading this page repeats nothing. ",
                NotShownAgain::Gone => "This secret is no longer available here (it is shown once, for a few minutes, in the session that created it). ",
            }
            (instead)
        }
    }
}

pub fn flash(flash: &Flash) -> Markup {
    let class = match flash.level {
        Level::Success => "flash flash-success",
        Level::Error => "flash flash-error",
    };
    html! { div class=(class) role="status" { (flash.message) } }
}

pub fn page_header(title: &str, subtitle: Option<&str>, actions: Option<Markup>) -> Markup {
    html! {
        header.page-header {
            div {
                h1 { (title) }
                @if let Some(subtitle) = subtitle { p.subtitle { (subtitle) } }
            }
            @if let Some(actions) = actions { div.page-actions { (actions) } }
        }
    }
}

/// A labelled input that shows its error and keeps the user's value.
pub struct Field<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub kind: &'a str,
    pub value: &'a str,
    pub error: Option<&'a str>,
    pub hint: Option<&'a str>,
    pub required: bool,
    pub autocomplete: Option<&'a str>,
}

impl<'a> Field<'a> {
    pub fn new(name: &'a str, label: &'a str) -> Self {
        Self {
            name,
            label,
            kind: "text",
            value: "",
            error: None,
            hint: None,
            required: true,
            autocomplete: None,
        }
    }

    pub fn kind(mut self, kind: &'a str) -> Self {
        self.kind = kind;
        self
    }

    pub fn value(mut self, value: &'a str) -> Self {
        self.value = value;
        self
    }

    pub fn error(mut self, error: Option<&'a str>) -> Self {
        self.error = error;
        self
    }

    pub fn hint(mut self, hint: &'a str) -> Self {
        self.hint = Some(hint);
        self
    }

    pub fn required(mut self, required: bool) -> Self {
        self.required = required;
        self
    }

    pub fn autocomplete(mut self, autocomplete: &'a str) -> Self {
        self.autocomplete = Some(autocomplete);
        self
    }

    pub fn render(&self) -> Markup {
        let id = format!("field-{}", self.name);
        let described = self.error.map(|_| format!("{id}-error"));
        html! {
            div class={ "field" @if self.error.is_some() { " field-invalid" } } {
                label for=(id) { (self.label) }
                input id=(id) name=(self.name) type=(self.kind)
                    value=[(self.kind != "password").then_some(self.value)]
                    required[self.required]
                    autocomplete=[self.autocomplete]
                    aria-invalid=[self.error.map(|_| "true")]
                    aria-describedby=[described.as_deref()];
                @if let Some(hint) = self.hint { p.hint { (hint) } }
                @if let Some(error) = self.error { (field_error(&id, error)) }
            }
        }
    }
}

/// A `<select>` of fixed options that keeps the chosen one, with its error.
pub fn select(
    name: &str,
    label: &str,
    options: &[(&str, &str)],
    selected: &str,
    error: Option<&str>,
) -> Markup {
    let id = format!("field-{name}");
    html! {
        div class={ "field" @if error.is_some() { " field-invalid" } } {
            label for=(id) { (label) }
            select id=(id) name=(name) aria-invalid=[error.map(|_| "true")]
                aria-describedby=[error.map(|_| format!("{id}-error"))] {
                @for (value, text) in options {
                    option value=(value) selected[*value == selected] { (text) }
                }
            }
            @if let Some(error) = error { (field_error(&id, error)) }
        }
    }
}

/// An error next to the element `anchor` (a field's input, or a fieldset), with the id the
/// element's `aria-describedby` names.
pub fn field_error(anchor: &str, message: &str) -> Markup {
    html! { p.field-error id=(format!("{anchor}-error")) { (message) } }
}

/// One problem of a refused form: the id of the element it belongs to, and what is wrong.
pub struct Problem {
    pub anchor: String,
    pub message: String,
}

impl Problem {
    pub fn new(anchor: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            anchor: anchor.into(),
            message: message.into(),
        }
    }

    /// The problem of the field named `name` when it has one, anchored at its input.
    pub fn of_field(name: &str, message: Option<&str>) -> Option<Self> {
        message.map(|message| Self::new(format!("field-{name}"), message))
    }
}

/// The box at the top of a refused form: what went wrong in general, then every field's
/// problem, each linking to the field where the same message is shown. Nothing when the
/// form has no problem.
pub fn error_summary(general: Option<&str>, problems: &[Problem]) -> Markup {
    html! {
        @if general.is_some() || !problems.is_empty() {
            div.error-summary role="alert" tabindex="-1" aria-labelledby="error-summary-title" {
                h2 id="error-summary-title" { "There is a problem" }
                @if let Some(general) = general { p { (general) } }
                @if !problems.is_empty() {
                    ul {
                        @for problem in problems {
                            li { a href=(format!("#{}", problem.anchor)) { (problem.message) } }
                        }
                    }
                }
            }
        }
    }
}

pub fn empty_state(title: &str, body: &str) -> Markup {
    html! {
        div.empty-state {
            p.empty-title { (title) }
            p { (body) }
        }
    }
}

/// A read-only value with a copy button (the button needs JavaScript; selecting works without).
pub fn copyable(label: &str, value: &str) -> Markup {
    html! {
        div.copyable {
            span.copyable-label { (label) }
            code.copyable-value { (value) }
            button.button.button-small.copy-button type="button" data-copy=(value) hidden { "Copy" }
        }
    }
}

pub fn badge(text: &str, tone: &str) -> Markup {
    html! { span class={ "badge badge-" (tone) } { (text) } }
}

/// A moment as words for sentences and flashes: `2026-12-02 09:30:00 UTC`.
pub fn timestamp_text(unix_seconds: i64) -> String {
    chrono::DateTime::from_timestamp(unix_seconds, 0).map_or_else(
        || "—".to_owned(),
        |at| at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
    )
}

pub fn timestamp(unix_seconds: i64) -> Markup {
    match chrono::DateTime::from_timestamp(unix_seconds, 0) {
        Some(at) => html! {
            time datetime=(at.to_rfc3339()) { (at.format("%Y-%m-%d %H:%M:%S UTC")) }
        },
        None => html! { "—" },
    }
}

/// A moment relative to `now` ("in 3 days", "5 minutes ago"), the exact time on hover.
pub fn relative_time(unix_seconds: i64, now: i64) -> Markup {
    let Some(at) = chrono::DateTime::from_timestamp(unix_seconds, 0) else {
        return html! { "—" };
    };
    let words = if unix_seconds > now {
        format!("in {}", approximate_duration(unix_seconds - now))
    } else if now - unix_seconds < 60 {
        "just now".to_owned()
    } else {
        format!("{} ago", approximate_duration(now - unix_seconds))
    };
    html! {
        time.nowrap datetime=(at.to_rfc3339()) title=(at.format("%Y-%m-%d %H:%M:%S UTC").to_string()) { (words) }
    }
}

/// A duration as people say it: "7 days", "5 hours", "12 minutes", rounded down.
pub fn approximate_duration(seconds: i64) -> String {
    let (amount, unit) = match seconds {
        s if s >= 2 * 86_400 => (s / 86_400, "day"),
        s if s >= 2 * 3_600 => (s / 3_600, "hour"),
        s if s >= 2 * 60 => (s / 60, "minute"),
        s => (s.max(0), "second"),
    };
    format!("{amount} {unit}{}", if amount == 1 { "" } else { "s" })
}

/// The language of the person's pages and emails: the browser's choice unless set.
pub fn language_select(chosen: &str, error: Option<&str>) -> Markup {
    let mut options = vec![("", "The person's browser language")];
    options.extend(Language::ALL.map(|language| (language.as_str(), language.native_name())));
    select(
        "language",
        "Language of the pages and emails",
        &options,
        chosen,
        error,
    )
}
