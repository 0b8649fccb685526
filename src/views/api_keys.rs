use maud::{html, Markup};

use crate::{
    domain::{AllowedNetworks, ApiScope, ApiScopes},
    entities::api_keys,
};

use super::components::{
    badge, copyable, csrf_field, empty_state, error_summary, field_error, form_key_field,
    not_shown_again, page_header, timestamp, Field, NotShownAgain, Problem,
};

/// The create form as typed, kept when it comes back with errors.
#[derive(Clone, Debug)]
pub struct KeyInput {
    pub name: String,
    pub scopes: Vec<String>,
    pub expires_in_days: String,
    pub allowed_networks: String,
}

impl Default for KeyInput {
    /// A fresh form: every scope ticked, no expiry, any network.
    fn default() -> Self {
        KeyInput {
            name: String::new(),
            scopes: ApiScope::ALL
                .iter()
                .map(|s| s.as_str().to_owned())
                .collect(),
            expires_in_days: String::new(),
            allowed_networks: String::new(),
        }
    }
}

/// What is wrong with each field of the create form.
#[derive(Clone, Debug, Default)]
pub struct KeyErrors {
    pub name: Option<String>,
    pub scopes: Option<String>,
    pub expires_in_days: Option<String>,
    pub allowed_networks: Option<String>,
}

impl KeyErrors {
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.scopes.is_none()
            && self.expires_in_days.is_none()
            && self.allowed_networks.is_none()
    }

    fn problems(&self) -> Vec<Problem> {
        [
            Problem::of_field("name", self.name.as_deref()),
            Problem::of_field("scopes", self.scopes.as_deref()),
            Problem::of_field("expires_in_days", self.expires_in_days.as_deref()),
            Problem::of_field("allowed_networks", self.allowed_networks.as_deref()),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

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
    pub input: &'a KeyInput,
    pub errors: &'a KeyErrors,
    pub now: i64,
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
                    thead { tr { th { "Name" } th { "Key" } th { "Scopes" } th { "Networks" } th { "Expires" } th { "Last used" } th { "Created" } th { "Status" } th { span.sr-only { "Actions" } } } }
                    tbody {
                        @for key in view.keys {
                            tr {
                                td { (key.name) }
                                td { code { "ilp_" (key.prefix) "_…" } }
                                (grant_cells(key))
                                td { (timestamp(key.created_at)) }
                                td { (status(key, view.now)) }
                                td.actions {
                                    @if key.revoked_at.is_none() {
                                        form.inline method="post" action=(format!("/api-keys/{}/revoke", key.public_id))
                                            data-confirm="Revoke this key? Calls using it fail at once." {
                                            (csrf_field(view.csrf_token))
                                            button.button.button-small.button-danger type="submit" aria-label=(format!("Revoke the key {}", key.name)) { "Revoke" }
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
                (error_summary(None, &view.errors.problems()))
                (Field::new("name", "Name").value(&view.input.name).hint("What will use it, like \"Backend production\".")
                    .error(view.errors.name.as_deref()).autocomplete("off").render())
                (scopes_fieldset(view.input, view.errors.scopes.as_deref()))
                (Field::new("expires_in_days", "Expires in (days)").kind("number").value(&view.input.expires_in_days)
                    .hint("Leave empty for a key that does not expire.")
                    .error(view.errors.expires_in_days.as_deref()).autocomplete("off").render())
                (Field::new("allowed_networks", "Allowed networks").value(&view.input.allowed_networks)
                    .hint("CIDR blocks separated by commas, like 10.0.0.0/8, 2001:db8::/32. Leave empty to allow any address.")
                    .error(view.errors.allowed_networks.as_deref()).autocomplete("off").render())
                button.button.button-primary type="submit" { "Create key" }
            }
        }
    }
}

fn scopes_fieldset(input: &KeyInput, error: Option<&str>) -> Markup {
    html! {
        fieldset.checkboxes id="field-scopes" tabindex="-1" class=[error.map(|_| "field-invalid")] {
            legend { "Scopes" }
            input type="hidden" name="scopes_offered" value="1";
            @if let Some(error) = error { (field_error("field-scopes", error)) }
            @for scope in ApiScope::ALL {
                label.checkbox {
                    input type="checkbox" name="scopes" value=(scope.as_str())
                        checked[input.scopes.iter().any(|s| s == scope.as_str())];
                    " " code { (scope.as_str()) } " " span.muted { (scope.describe()) }
                }
            }
        }
    }
}

/// The key's scopes, networks, expiry and last use.
fn grant_cells(key: &api_keys::Model) -> Markup {
    let scopes = ApiScopes::from_stored(key.scopes.as_deref());
    let networks = AllowedNetworks::from_stored(key.allowed_networks.as_deref());
    html! {
        td {
            @if key.scopes.is_none() { "all scopes" }
            @else { @for scope in scopes.iter() { code { (scope.as_str()) } " " } }
        }
        td {
            @match networks {
                Ok(networks) if networks.is_anywhere() => "any",
                Ok(networks) => code { (networks.to_list(", ")) },
                Err(_) => "none (unreadable list)",
            }
        }
        td { @match key.expires_at { Some(at) => (timestamp(at)), None => "never" } }
        td { @match key.last_used_at { Some(at) => (timestamp(at)), None => "never" } }
    }
}

fn status(key: &api_keys::Model, now: i64) -> Markup {
    html! {
        @match key.revoked_at {
            Some(at) => { (badge("not in use", "danger")) " " span.muted { "revoked " (timestamp(at)) } }
            None if key.expires_at.is_some_and(|at| at <= now) => (badge("past its expiry", "danger")),
            None => (badge("in use", "success")),
        }
    }
}
