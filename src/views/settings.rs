use maud::{html, Markup};

use crate::{
    domain::{FieldErrors, Lifetime, StaleAction},
    entities::tenant_policies,
};

use super::{
    components::{csrf_field, error_summary, field_error, page_header, Field, Problem},
    duration_field::duration_field,
};

fn seconds_field(name: &str, label: &str, value: &str, hint: &str, errors: &FieldErrors) -> Markup {
    duration_field(name, label, value, Some(hint), errors.get(name))
}

/// Every field of the settings form is anchored at its own id (`field-{name}`).
fn settings_problems(errors: &FieldErrors) -> Vec<Problem> {
    errors
        .by_field
        .iter()
        .map(|(name, message)| Problem::new(format!("field-{name}"), message.clone()))
        .collect()
}

pub fn settings_page(
    policy: &tenant_policies::Model,
    values: &dyn Fn(&str) -> String,
    errors: &FieldErrors,
    csrf_token: &str,
    can_edit: bool,
) -> Markup {
    let ceiling = Lifetime::from_seconds(policy.ceiling_link_seconds)
        .map(|l| l.to_string())
        .unwrap_or_default();
    let stale = values("stale_version_action");
    html! {
        (page_header("Settings", Some("Your policy for links, resumes and the API."), None))
        form.panel.stack.form-wide method="post" action="/settings" {
            (csrf_field(csrf_token))
            (error_summary(errors.general.as_deref(), &settings_problems(errors)))
            h2 { "Link lifetimes" }
            p.hint { "Your operator allows links of up to " strong { (ceiling) } "." }
            (seconds_field("default_link_seconds", "Default link lifetime", &values("default_link_seconds"), "Used when an issuer does not choose.", errors))
            (seconds_field("max_link_seconds", "Maximum link lifetime", &values("max_link_seconds"), "Issuers and the API cannot go beyond this.", errors))
            (seconds_field("access_link_seconds", "One-time access link lifetime", &values("access_link_seconds"), "How long a minted access link works (default 24 hours).", errors))
            h2 { "Resuming" }
            (seconds_field("max_resume_age_seconds", "Resume inquiries up to this age", &values("max_resume_age_seconds"), "Older inquiries are handled like outdated ones (below).", errors))
            fieldset id="field-stale_version_action" tabindex="-1" {
                legend { "When an inquiry is too old or its template version is outdated" }
                @if let Some(error) = errors.get("stale_version_action") { (field_error("field-stale_version_action", error)) }
                @for action in StaleAction::ALL {
                    label.radio.radio-block {
                        input type="radio" name="stale_version_action" value=(action.as_str()) checked[stale == action.as_str()];
                        " " (action.label())
                    }
                }
            }
            (seconds_field("min_token_remaining_seconds", "Minimum remaining session token lifetime", &values("min_token_remaining_seconds"), "A stored token with less time left is replaced by a fresh resume.", errors))
            h2 { "Limits" }
            (Field::new("resumes_per_inquiry_per_hour", "Resumes per inquiry per hour").kind("number").value(&values("resumes_per_inquiry_per_hour")).error(errors.get("resumes_per_inquiry_per_hour")).render())
            (Field::new("access_links_per_inquiry_per_hour", "Access links per inquiry per hour").kind("number").value(&values("access_links_per_inquiry_per_hour")).error(errors.get("access_links_per_inquiry_per_hour")).render())
            (Field::new("api_requests_per_minute", "API requests per key per minute").kind("number").value(&values("api_requests_per_minute")).error(errors.get("api_requests_per_minute")).render())
            (Field::new("reminder_offsets_seconds", "Reminders before an emailed link expires (seconds, comma-separated)").value(&values("reminder_offsets_seconds")).hint("172800,14400 sends reminders 48 and 4 hours before expiry; empty sends none.").error(errors.get("reminder_offsets_seconds")).required(false).render())
            (seconds_field("self_service_extension_seconds", "Extension when a person asks for a new link on an expired one", &values("self_service_extension_seconds"), "0 (off): the person is told to contact you. At most the maximum link lifetime.", errors))
            (Field::new("static_inquiries_per_ip_per_hour", "New static-link inquiries per address per hour").kind("number").value(&values("static_inquiries_per_ip_per_hour")).hint("A static link starts at most this many new inquiries per hour for visitors from one address (IPv6: one /64); returning visitors don't count.").error(errors.get("static_inquiries_per_ip_per_hour")).render())
            @if can_edit {
                div.form-actions { button.button.button-primary type="submit" { "Save settings" } }
            } @else {
                p.muted { "Only owners can change the policy." }
            }
        }
    }
}
