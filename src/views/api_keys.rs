use maud::{html, Markup};

use crate::entities::api_keys;

use super::components::{
    badge, copyable, csrf_field, empty_state, error_summary, form_key_field, not_shown_again,
    page_header, timestamp, Field, NotShownAgain, Problem,
};

/// A key just created, as the page that shows its secret once gets it.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct NewKey {
    pub name: String,
    pub secret: String,
}

pub struct ApiKeysView<'a> {
    pub keys: &'a [api_keys::Model],
    pub csrf_token: &'a str,
    /// The create form's one-time key (a double click creates one key).
    pub form_key: &'a str,
    pub name_input: &'a str,
    pub name_error: Option<&'a str>,
    /// A key just created: its secret, shown this once.
    pub new_key: Option<&'a NewKey>,
    /// Set when this visit was meant to show a new key that it may not show (again).
    pub not_shown: Option<NotShownAgain>,
    pub api_base: &'a str,
}

pub fn api_keys_page(view: ApiKeysView<'_>) -> Markup {
    html! {
        (page_header("API keys", Some("Let your backend issue links and session tokens through the tenant API."), None))
        @if let Some(reason) = view.not_shown {
            (not_shown_again(reason, "If the key was not copied, revoke it and create another."))
        }
        @if let Some(key) = view.new_key {
            section.panel.panel-highlight {
                h2 { "Copy the key for " (key.name) " now" }
                p { "This is the only time it is shown. Store it in your backend's secret manager." }
                (copyable("API key", &key.secret))
                p.hint { "Send it as " code { "Authorization: Bearer <key>" } " to " code { (view.api_base) } "." }
            }
        }
        section.panel {
            @if view.keys.is_empty() {
                (empty_state("No API keys yet", "Create a key for each backend that calls the portal."))
            } @else {
                table.table {
                    thead { tr { th { "Name" } th { "Key" } th { "Created" } th { "Status" } th { span.sr-only { "Actions" } } } }
                    tbody {
                        @for key in view.keys {
                            tr {
                                td { (key.name) }
                                td { code { "ilp_" (key.prefix) "_…" } }
                                td { (timestamp(key.created_at)) }
                                td {
                                    @match key.revoked_at {
                                        Some(at) => { (badge("not in use", "danger")) " " span.muted { "revoked " (timestamp(at)) } }
                                        None => (badge("in use", "success")),
                                    }
                                }
                                td.actions {
                                    @if key.revoked_at.is_none() {
                                        form.inline method="post" action=(format!("/api-keys/{}/revoke", key.public_id))
                                            data-confirm="Revoke this key? Calls using it fail at once." {
                                            (csrf_field(view.csrf_token))
                                            button.button.button-small.button-danger type="submit" { "Revoke" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        section.panel {
            h2 { "Create a key" }
            form.stack.narrow method="post" action="/api-keys" {
                (csrf_field(view.csrf_token))
                (form_key_field(view.form_key))
                (error_summary(None, &Problem::of_field("name", view.name_error).into_iter().collect::<Vec<_>>()))
                (Field::new("name", "Name").value(view.name_input).hint("What will use it, like \"Backend production\".")
                    .error(view.name_error).autocomplete("off").render())
                button.button.button-primary type="submit" { "Create key" }
            }
        }
    }
}
