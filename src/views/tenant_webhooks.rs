//! `/webhooks`: a tenant's endpoints, the form that registers one (its secret shown once),
//! and each endpoint's delivery log with replays.

use maud::{html, Markup};

use crate::{
    domain::{DeliveryStatus, WebhookEventType},
    entities::{webhook_attempts, webhook_endpoints},
    repo::webhook_deliveries::DeliveryRow,
};

use super::components::{
    badge, copyable, csrf_field, empty_state, error_summary, field_error, form_key_field,
    not_shown_again, page_header, timestamp, Field, NotShownAgain, Problem,
};

/// A secret just made (registration or rotation), as the page that shows it once gets it.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct NewSecret {
    pub url: String,
    pub secret: String,
}

pub struct WebhooksView<'a> {
    pub endpoints: &'a [webhook_endpoints::Model],
    pub csrf_token: &'a str,
    pub form_key: &'a str,
    pub url_input: &'a str,
    pub url_error: Option<&'a str>,
    pub events_chosen: &'a [String],
    pub events_error: Option<&'a str>,
    pub new_secret: Option<&'a NewSecret>,
    pub not_shown: Option<NotShownAgain>,
    /// One-time keys of the rotate forms, one per endpoint in order.
    pub rotate_keys: &'a [String],
}

/// The dashboard's notice when deliveries kept failing and endpoints were disabled.
pub fn disabled_notice(count: u64) -> Markup {
    html! {
        section.panel.panel-highlight role="alert" {
            h2 { "Webhooks need attention" }
            p {
                @if count == 1 { "A webhook endpoint was" } @else { (count) " webhook endpoints were" }
                " disabled after its deliveries kept failing. "
                a href="/webhooks" { "Review the endpoints" }
                " to fix, enable and replay them."
            }
        }
    }
}

fn events_label(endpoint: &webhook_endpoints::Model) -> String {
    if endpoint.event_types.is_empty() {
        "All events".into()
    } else {
        endpoint.event_types.replace(',', ", ")
    }
}

fn endpoint_row(endpoint: &webhook_endpoints::Model, csrf_token: &str, rotate_key: &str) -> Markup {
    let base = format!("/webhooks/{}", endpoint.public_id);
    html! {
        tr {
            td { a href=(base) { code { (endpoint.url) } } }
            td { (events_label(endpoint)) }
            td {
                @if endpoint.enabled { (badge("enabled", "success")) }
                @else { (badge("disabled", "danger")) }
                @if let Some(reason) = &endpoint.disabled_reason { p.hint { (reason) } }
            }
            td.actions {
                @let toggle = if endpoint.enabled { ("disable", "Disable") } else { ("enable", "Enable") };
                form.inline method="post" action=(format!("{base}/{}", toggle.0)) {
                    (csrf_field(csrf_token))
                    button.button.button-small type="submit" aria-label=(format!("{} {}", toggle.1, endpoint.url)) { (toggle.1) }
                }
                form.inline method="post" action=(format!("{base}/rotate"))
                    data-confirm="Make a new secret? The current one keeps signing for 24 hours." {
                    (csrf_field(csrf_token))
                    (form_key_field(rotate_key))
                    button.button.button-small type="submit" aria-label=(format!("Rotate the secret of {}", endpoint.url)) { "Rotate secret" }
                }
                form.inline method="post" action=(format!("{base}/delete"))
                    data-confirm="Delete this endpoint and its delivery log?" {
                    (csrf_field(csrf_token))
                    button.button.button-small.button-danger type="submit" aria-label=(format!("Delete {}", endpoint.url)) { "Delete" }
                }
            }
        }
    }
}

fn create_form(view: &WebhooksView<'_>) -> Markup {
    let problems: Vec<Problem> = [
        Problem::of_field("url", view.url_error),
        Problem::of_field("events", view.events_error),
    ]
    .into_iter()
    .flatten()
    .collect();
    html! {
        section.panel {
            h2 { "Add an endpoint" }
            form.stack.narrow method="post" action="/webhooks" {
                (csrf_field(view.csrf_token))
                (form_key_field(view.form_key))
                (error_summary(None, &problems))
                (Field::new("url", "URL").value(view.url_input).error(view.url_error)
                    .hint("https on a public address, like https://api.example.com/hooks/portal.")
                    .autocomplete("off").render())
                fieldset id="field-events" {
                    legend { "Events (none chosen: all of them)" }
                    @if let Some(message) = view.events_error { (field_error("events", message)) }
                    @for kind in WebhookEventType::ALL {
                        label.checkbox {
                            input type="checkbox" name="events" value=(kind.as_str())
                                checked[view.events_chosen.iter().any(|c| c == kind.as_str())];
                            " " code { (kind.as_str()) }
                        }
                    }
                }
                button.button.button-primary type="submit" { "Add endpoint" }
            }
        }
    }
}

pub fn webhooks_page(view: WebhooksView<'_>) -> Markup {
    html! {
        (page_header("Webhooks", Some("Signed events about your links and inquiries, sent to your backend."), None))
        @if let Some(reason) = view.not_shown {
            (not_shown_again(reason, "If the secret was not copied, rotate it."))
        }
        @if let Some(new) = view.new_secret {
            section.panel.panel-highlight {
                h2 { "Copy the signing secret for " (new.url) " now" }
                p { "This is the only time it is shown. Verify each delivery's webhook-signature with it (Standard Webhooks)." }
                (copyable("Signing secret", &new.secret))
            }
        }
        section.panel {
            @if view.endpoints.is_empty() {
                (empty_state("No endpoints yet", "Add the URL where your backend receives events."))
            } @else {
                table.table {
                    thead { tr { th { "URL" } th { "Events" } th { "Status" } th { span.sr-only { "Actions" } } } }
                    tbody {
                        @for (endpoint, key) in view.endpoints.iter().zip(view.rotate_keys) {
                            (endpoint_row(endpoint, view.csrf_token, key))
                        }
                    }
                }
            }
        }
        (create_form(&view))
    }
}

pub struct LogView<'a> {
    pub endpoint: &'a webhook_endpoints::Model,
    pub deliveries: &'a [DeliveryRow],
    pub attempts: &'a [webhook_attempts::Model],
    pub csrf_token: &'a str,
}

fn status_badge(status: DeliveryStatus) -> Markup {
    let tone = match status {
        DeliveryStatus::Delivered => "success",
        DeliveryStatus::Queued => "warning",
        DeliveryStatus::Exhausted => "danger",
    };
    badge(status.as_str(), tone)
}

fn attempt_rows(view: &LogView<'_>, row: &DeliveryRow) -> Markup {
    let (delivery, event) = row;
    html! {
        @for attempt in view.attempts.iter().filter(|a| a.delivery_id == delivery.id) {
            tr.attempt {
                td { (timestamp(attempt.attempted_at / 1000)) }
                td { (event.as_ref().map(|e| e.event_type.as_str()).unwrap_or("—")) }
                td { "attempt " (attempt.attempt) }
                td { @match attempt.status_code { Some(code) => { (code) }, None => { (attempt.error.as_deref().unwrap_or("no answer")) } } }
                td { (attempt.latency_ms) " ms" }
                td { code.response { (attempt.response_body) } }
            }
        }
    }
}

pub fn log_page(view: LogView<'_>) -> Markup {
    let base = format!("/webhooks/{}", view.endpoint.public_id);
    html! {
        (page_header("Delivery log", Some(&view.endpoint.url), None))
        section.panel {
            h2 { "Replay failed deliveries" }
            form.inline method="post" action=(format!("{base}/replay-failed")) {
                (csrf_field(view.csrf_token))
                label for="since" { "Failed since (UTC)" }
                input #since type="datetime-local" name="since" required;
                button.button.button-small type="submit" { "Replay all failed" }
            }
        }
        section.panel {
            @if view.deliveries.is_empty() {
                (empty_state("No deliveries yet", "Events appear here as your links and inquiries change."))
            } @else {
                table.table {
                    thead { tr { th { "Time" } th { "Event" } th { "Attempt" } th { "Status" } th { "Latency" } th { "Response" } } }
                    tbody {
                        @for row in view.deliveries {
                            @let (delivery, event) = row;
                            tr.delivery {
                                td { (timestamp(delivery.created_at)) }
                                td { (event.as_ref().map(|e| e.event_type.as_str()).unwrap_or("—")) " #" (event.as_ref().map_or(0, |e| e.sequence)) }
                                td { (delivery.attempts) " attempts" }
                                td { (status_badge(delivery.status)) }
                                td colspan="2" {
                                    form.inline method="post" action=(format!("/webhook-deliveries/{}/replay", delivery.public_id)) {
                                        (csrf_field(view.csrf_token))
                                        button.button.button-small type="submit" aria-label=(format!("Replay delivery {}", delivery.public_id)) { "Replay" }
                                    }
                                }
                            }
                            (attempt_rows(&view, row))
                        }
                    }
                }
            }
        }
    }
}
