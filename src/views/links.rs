//! The issue form (the list is in `link_list`).

use maud::{html, Markup};

pub use crate::domain::FieldErrors as FormErrors;
use crate::{
    domain::{Lifetime, LinkKind, PrefillField, ResumeOnClick},
    entities::template_connections,
};

use super::components::{
    self, csrf_field, empty_state, error_summary, field_error, form_key_field, page_header, Field,
    Problem,
};
use super::duration_field::duration_field;

/// What the issuer typed, kept when the form comes back with errors.
#[derive(Default, Clone, Debug)]
pub struct NewLinkInput {
    pub template_id: String,
    pub reference_id: String,
    pub generate_reference: bool,
    pub lifetime: String,
    pub custom_seconds: String,
    pub fields: Vec<(String, String)>,
    pub resume_on_click: String,
    pub access_code: bool,
    pub issue_session_token: bool,
    pub max_inquiries: String,
    pub always_new: bool,
    pub active_from: String,
    pub send_to: String,
    pub language: String,
}

pub struct NewLinkView<'a> {
    pub kind: LinkKind,
    pub templates: &'a [template_connections::Model],
    pub csrf_token: &'a str,
    /// The form's one-time key: kept when the form comes back with errors, so sending it
    /// again (after a provider timeout, say) cannot create a second link or inquiry.
    pub form_key: &'a str,
    pub input: &'a NewLinkInput,
    pub errors: &'a FormErrors,
    pub max_lifetime_seconds: i64,
}

/// The kind as the filter and the form's title name it.
pub fn kind_label(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Dedicated => "Dedicated",
        LinkKind::Static => "Static",
    }
}

fn new_link_heading(kind: LinkKind) -> Markup {
    let (title, subtitle) = match kind {
        LinkKind::Dedicated => (
            "New dedicated link",
            "One inquiry for one person, created now and optionally prefilled.",
        ),
        LinkKind::Static => (
            "New static link",
            "A link to publish for many people; every new visitor gets their own inquiry.",
        ),
    };
    page_header(title, Some(subtitle), None)
}

/// Prefill problems without an input of their own (a field the portal does not know, or
/// prefill on a static link) are shown at the prefill section.
const PREFILL_ANCHOR: &str = "field-prefill";
/// A value this kind's form has no field for (only a hand-made request sends one) is shown
/// above the form's buttons.
const OTHER_ANCHOR: &str = "field-other";

/// The id of the element an error of the issue form is shown next to.
fn problem_anchor(kind: LinkKind, key: &str) -> String {
    let prefill_input = key
        .strip_prefix("fields[")
        .and_then(|rest| rest.strip_suffix(']'))
        .and_then(|name| PrefillField::parse(name).ok())
        .filter(|_| kind == LinkKind::Dedicated);
    if let Some(field) = prefill_input {
        return format!("field-{}", field.as_str());
    }
    match (kind, key) {
        (_, "template_id") => "field-template".into(),
        (_, "reference_id" | "send_to" | "language") => format!("field-{key}"),
        (_, "expires_in_seconds") => "field-custom_seconds".into(),
        (LinkKind::Dedicated, "resume_on_click") => "field-resume_on_click".into(),
        (LinkKind::Static, "max_inquiries" | "active_from") => format!("field-{key}"),
        (_, key) if key.starts_with("fields") => PREFILL_ANCHOR.into(),
        _ => OTHER_ANCHOR.into(),
    }
}

/// The problems shown next to the element `anchor`, in one paragraph.
fn problems_at(problems: &[Problem], anchor: &str) -> Option<String> {
    let messages: Vec<&str> = problems
        .iter()
        .filter(|problem| problem.anchor == anchor)
        .map(|problem| problem.message.as_str())
        .collect();
    (!messages.is_empty()).then(|| messages.join(" "))
}

/// A block for problems that have no field of their own on this form.
fn problem_block(problems: &[Problem], anchor: &str, label: &str) -> Markup {
    html! {
        @if let Some(message) = problems_at(problems, anchor) {
            div.field.field-invalid id=(anchor) tabindex="-1" {
                span.label { (label) }
                (field_error(anchor, &message))
            }
        }
    }
}

pub fn new_link_page(view: NewLinkView<'_>) -> Markup {
    let input = view.input;
    let errors = view.errors;
    let problems: Vec<Problem> = errors
        .by_field
        .iter()
        .map(|(key, message)| Problem::new(problem_anchor(view.kind, key), message.clone()))
        .collect();
    let chosen_resume = if input.resume_on_click.is_empty() {
        ResumeOnClick::default().as_str().to_owned()
    } else {
        input.resume_on_click.clone()
    };
    let chosen = chosen_template(view.templates, &input.template_id);
    html! {
        (new_link_heading(view.kind))
        (error_summary(errors.general.as_deref(), &problems))
        @if view.templates.is_empty() {
            section.panel { (empty_state("No templates connected", "Ask your operator to connect a verification template before issuing links.")) }
        } @else {
            form.panel.stack.form-wide method="post" action="/links" {
                (csrf_field(view.csrf_token))
                (form_key_field(view.form_key))
                input type="hidden" name="kind" value=(view.kind.as_str());
                // Enter in a text field presses a form's first submit button: this one (it
                // issues, as the form's own action), not the template switch below.
                button type="submit" hidden tabindex="-1" aria-hidden="true" {}
                (template_select(view.templates, chosen, errors))
                (Field::new("reference_id", "Reference id (optional)").value(&input.reference_id)
                    .hint("Your own id for this person or campaign. Opaque; never put personal data here.")
                    .error(errors.get("reference_id")).autocomplete("off").required(false).render())
                label.checkbox {
                    input type="checkbox" name="generate_reference" value="true" checked[input.generate_reference];
                    " Generate an opaque reference id for me"
                }
                (lifetime_fieldset(input, errors, view.max_lifetime_seconds))
                (components::language_select(&input.language, errors.get("language")))
                @if view.kind == LinkKind::Dedicated { (Field::new("send_to", "Send by email (optional)").kind("email").value(&input.send_to)
                    .hint("Emails the link to this address as it is issued. Empty: the link is only shown.").error(errors.get("send_to")).autocomplete("off").required(false).render()) }
                @match view.kind {
                    LinkKind::Dedicated => (dedicated_fields(input, chosen, &problems, &chosen_resume)),
                    LinkKind::Static => (static_fields(input, errors, &problems)),
                }
                (problem_block(&problems, OTHER_ANCHOR, "Other values sent"))
                div.form-actions {
                    button.button.button-primary type="submit" { "Issue link" }
                    a.button-link href="/links" { "Cancel" }
                }
            }
            script src="/static/link-form.js" defer {}
        }
    }
}

/// The template the form is for: the one asked for, else the first connected one.
pub fn chosen_template<'a>(
    templates: &'a [template_connections::Model],
    template_id: &str,
) -> Option<&'a template_connections::Model> {
    templates
        .iter()
        .find(|template| template.provider_template_id == template_id)
        .or(templates.first())
}

/// The template select, each option naming the prefill fields its template allows (for
/// `/static/link-form.js`), and a button that shows another template's fields without
/// JavaScript: it posts the form back to `/links/new`, which shows it again as typed.
fn template_select(
    templates: &[template_connections::Model],
    chosen: Option<&template_connections::Model>,
    errors: &FormErrors,
) -> Markup {
    let error = errors.get("template_id");
    let chosen_id = chosen.map(|t| t.provider_template_id.as_str());
    html! {
        div class={ "field" @if error.is_some() { " field-invalid" } } {
            label for="field-template" { "Template" }
            div.inline-fields {
                select id="field-template" name="template_id" aria-invalid=[error.map(|_| "true")]
                    aria-describedby=[error.map(|_| "field-template-error")] {
                    @for template in templates {
                        option value=(template.provider_template_id)
                            data-fields=(template.allowed_field_names().join(" "))
                            selected[Some(template.provider_template_id.as_str()) == chosen_id] {
                            (template.name)
                        }
                    }
                }
                button.button.button-small type="submit" formaction="/links/new" formmethod="post"
                    formnovalidate data-template-switch { "Show this template's fields" }
            }
            @if let Some(error) = error { (field_error("field-template", error)) }
        }
    }
}

/// The lifetime presets up to the tenant's maximum, or a custom number of seconds.
fn lifetime_fieldset(input: &NewLinkInput, errors: &FormErrors, max_seconds: i64) -> Markup {
    let chosen = if input.lifetime.is_empty() {
        (7 * Lifetime::DAY).to_string()
    } else {
        input.lifetime.clone()
    };
    let max = Lifetime::from_seconds(max_seconds)
        .map(|l| l.to_string())
        .unwrap_or_default();
    html! {
        fieldset.lifetime {
            legend { "Link lifetime" }
            div.radio-row {
                @for (seconds, label) in Lifetime::PRESETS {
                    @if seconds <= max_seconds {
                        label.radio {
                            input type="radio" name="lifetime" value=(seconds) checked[chosen == seconds.to_string()];
                            " " (label)
                        }
                    }
                }
                label.radio {
                    input type="radio" name="lifetime" value="custom" checked[chosen == "custom"];
                    " Custom"
                }
            }
            (duration_field("custom_seconds", "Custom lifetime", &input.custom_seconds,
                Some(&format!("Any length up to {max}.")), errors.get("expires_in_seconds")))
        }
    }
}

/// Whether the prefill input of `field` is shown: the template allows it, or it holds a
/// value the issuer typed (refused, so it stays in view with its error until cleared).
fn prefill_shown(field: PrefillField, allowed: &[String], value: &str) -> bool {
    allowed.iter().any(|name| name == field.as_str()) || !value.trim().is_empty()
}

/// The prefill inputs: every field is rendered, those the template does not allow hidden
/// and disabled (so they are not sent), which `/static/link-form.js` switches as the
/// template select changes.
fn prefill_fieldset(
    input: &NewLinkInput,
    template: Option<&template_connections::Model>,
    problems: &[Problem],
) -> Markup {
    let value_of = |name: &str| {
        input
            .fields
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.as_str())
            .unwrap_or("")
    };
    let allowed = template
        .map(|t| t.allowed_field_names())
        .unwrap_or_default();
    let none_shown = !PrefillField::ALL
        .iter()
        .any(|field| prefill_shown(*field, &allowed, value_of(field.as_str())));
    html! {
        fieldset.prefill id=(PREFILL_ANCHOR) tabindex="-1" {
            legend { "Prefill (optional)" }
            p.hint { "Only the fields the template allows are offered. Stored encrypted." }
            p.hint data-prefill-none hidden[!none_shown] { "This template allows no prefill." }
            @if let Some(message) = problems_at(problems, PREFILL_ANCHOR) { (field_error(PREFILL_ANCHOR, &message)) }
            div.prefill-grid {
                @for field in PrefillField::ALL {
                    @let id = format!("field-{}", field.as_str());
                    @let error = problems_at(problems, &id);
                    @let value = value_of(field.as_str());
                    @let shown = prefill_shown(field, &allowed, value);
                    div class={ "field" @if error.is_some() { " field-invalid" } }
                        data-prefill-field=(field.as_str()) hidden[!shown] {
                        label for=(id) { (field.label()) }
                        input id=(id) name=(format!("fields[{}]", field.as_str()))
                            type=(if field == PrefillField::Birthdate { "date" } else if field == PrefillField::EmailAddress { "email" } else { "text" })
                            value=(value) autocomplete="off" disabled[!shown]
                            aria-invalid=[error.as_ref().map(|_| "true")]
                            aria-describedby=[error.as_ref().map(|_| format!("{id}-error"))];
                        @if let Some(error) = &error { (field_error(&id, error)) }
                    }
                }
            }
        }
    }
}

fn dedicated_fields(
    input: &NewLinkInput,
    template: Option<&template_connections::Model>,
    problems: &[Problem],
    chosen_resume: &str,
) -> Markup {
    html! {
        (prefill_fieldset(input, template, problems))
        @let resume_error = problems_at(problems, "field-resume_on_click");
        fieldset id="field-resume_on_click" tabindex="-1" class=[resume_error.as_ref().map(|_| "field-invalid")] {
            legend { "Who may continue after the first visit" }
            @if let Some(error) = &resume_error { (field_error("field-resume_on_click", error)) }
            @for option in ResumeOnClick::ALL {
                label.radio.radio-block {
                    input type="radio" name="resume_on_click" value=(option.as_str()) checked[chosen_resume == option.as_str()];
                    " " (option.describe())
                }
            }
            p.warning { "“Anyone” means whoever holds the link can open the person's prefilled details: only use it for links that never leave a trusted channel." }
        }
        label.checkbox {
            input type="checkbox" name="access_code" value="true" checked[input.access_code];
            " Issue an access code (shown once) so the person can continue on another device"
        }
        label.checkbox {
            input type="checkbox" name="issue_session_token" value="true" checked[input.issue_session_token];
            " Also create a session token now (for SDK integrations)"
        }
    }
}

fn static_fields(input: &NewLinkInput, errors: &FormErrors, problems: &[Problem]) -> Markup {
    html! {
        (problem_block(problems, PREFILL_ANCHOR, "Prefill"))
        (Field::new("active_from", "Opens at (optional, UTC)").kind("datetime-local").value(&input.active_from)
            .hint("Before this moment visitors see a \"not open yet\" page. Open at once when empty.")
            .error(errors.get("active_from")).required(false).render())
        (Field::new("max_inquiries", "Cap on inquiries (optional)").kind("number").value(&input.max_inquiries)
            .hint("Stop creating inquiries after this many.").error(errors.get("max_inquiries")).required(false).render())
        label.checkbox {
            input type="checkbox" name="always_new" value="true" checked[input.always_new];
            " Always start a new inquiry, even for a returning browser"
        }
    }
}
