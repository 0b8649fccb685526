//! The operator's sandbox page: templates, their versions, and the forms that change them.

use maud::{html, Markup};

use crate::domain::duration_in_words;

use crate::views::{
    components::{badge, csrf_field, empty_state, page_header, timestamp, Field},
    duration_field::duration_field_with_id,
};

use super::{model::Intervals, templates::TemplateWithVersions};

/// The three interval inputs as typed, with their errors.
#[derive(Clone, Debug, Default)]
pub struct IntervalInputs {
    pub after_create: String,
    pub after_start: String,
    pub after_resume: String,
    pub after_create_error: Option<String>,
    pub after_start_error: Option<String>,
    pub after_resume_error: Option<String>,
}

impl IntervalInputs {
    pub fn from_intervals(intervals: Intervals) -> Self {
        Self {
            after_create: intervals.after_create_seconds.to_string(),
            after_start: intervals.after_start_seconds.to_string(),
            after_resume: intervals.after_resume_seconds.to_string(),
            ..Self::default()
        }
    }

    /// Each a number and a unit, as the admin's durations are; ids carry `form_id`
    /// because several of these forms share one page.
    fn render(&self, form_id: &str) -> Markup {
        let inputs = [
            (
                "after_create",
                "Expires after creation",
                &self.after_create,
                &self.after_create_error,
            ),
            (
                "after_start",
                "Expires after start",
                &self.after_start,
                &self.after_start_error,
            ),
            (
                "after_resume",
                "Expires after resume",
                &self.after_resume,
                &self.after_resume_error,
            ),
        ];
        html! {
            @for (name, label, value, error) in inputs {
                (duration_field_with_id(&format!("{form_id}-{name}"), name, label, value, None, error.as_deref()))
            }
        }
    }
}

#[derive(Clone, Debug)]
pub struct NewTemplateInput {
    pub name: String,
    pub name_error: Option<String>,
    pub intervals: IntervalInputs,
}

impl Default for NewTemplateInput {
    fn default() -> Self {
        Self {
            name: String::new(),
            name_error: None,
            intervals: IntervalInputs::from_intervals(Intervals::default()),
        }
    }
}

/// What the page shows in its forms: defaults, or the input of a refused submit.
#[derive(Clone, Debug, Default)]
pub struct SandboxPageInput {
    pub new_template: NewTemplateInput,
    /// The template whose interval form was refused, with what was typed.
    pub editing: Option<(String, IntervalInputs)>,
}

fn template_panel(
    entry: &TemplateWithVersions,
    csrf_token: &str,
    input: &SandboxPageInput,
) -> Markup {
    let template = &entry.template;
    let latest_id = entry.latest().map(|version| version.id);
    let intervals = match &input.editing {
        Some((id, typed)) if *id == template.public_id => typed.clone(),
        _ => entry
            .latest()
            .map(|version| IntervalInputs::from_intervals(super::templates::intervals_of(version)))
            .unwrap_or_default(),
    };
    html! {
        section.panel {
            h2 { (template.name) " " code { (template.public_id) } }
            table.table {
                thead { tr { th { "Version" } th { "Id" } th { "Published" } th.numeric { "After creation" } th.numeric { "After start" } th.numeric { "After resume" } } }
                tbody {
                    @for version in &entry.versions {
                        tr {
                            td { (version.name) " " @if Some(version.id) == latest_id { (badge("latest", "success")) } }
                            td { code { (version.public_id) } }
                            td { (timestamp(version.published_at)) }
                            td.numeric { (duration_in_words(version.expire_after_create_seconds)) }
                            td.numeric { (duration_in_words(version.expire_after_start_seconds)) }
                            td.numeric { (duration_in_words(version.expire_after_resume_seconds)) }
                        }
                    }
                }
            }
            form method="post" action=(format!("/operator/sandbox/templates/{}/versions", template.public_id)) {
                (csrf_field(csrf_token))
                button.button type="submit" { "Publish a new version" }
            }
            h3 { "Expiration intervals of the latest version" }
            p.muted { "Changing them does not publish a new version, so existing inquiries do not become stale." }
            form.stack.narrow method="post" action=(format!("/operator/sandbox/templates/{}/intervals", template.public_id)) {
                (csrf_field(csrf_token))
                (intervals.render(&template.public_id))
                button.button.button-primary type="submit" { "Save intervals" }
            }
        }
    }
}

pub fn sandbox_page(
    templates: &[TemplateWithVersions],
    csrf_token: &str,
    input: &SandboxPageInput,
) -> Markup {
    html! {
        (page_header("Sandbox provider", Some("Templates of the embedded Persona-compatible sandbox. Publish versions and change expirations to see staleness and expiry for real."), None))
        @if templates.is_empty() {
            section.panel { (empty_state("No sandbox templates yet", "Create one below; the first run also seeds \"Demo KYC\".")) }
        }
        @for entry in templates { (template_panel(entry, csrf_token, input)) }
        section.panel {
            h2 { "Create a template" }
            form.stack.narrow method="post" action="/operator/sandbox/templates" {
                (csrf_field(csrf_token))
                (Field::new("name", "Name").value(&input.new_template.name)
                    .error(input.new_template.name_error.as_deref()).autocomplete("off").render())
                (input.new_template.intervals.render("new-template"))
                button.button.button-primary type="submit" { "Create template" }
            }
        }
    }
}
