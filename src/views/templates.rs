use maud::{html, Markup};

use crate::{
    domain::{Lifetime, PrefillField},
    entities::{template_connections, tenants},
};

use super::components::{
    csrf_field, empty_state, error_summary, field_error, page_header, select, Field, Problem,
};

/// A template offered by the provider, for the connect form.
pub struct ProviderTemplateOption {
    pub id: String,
    pub name: String,
}

/// What the operator typed into the connect form, kept on error.
#[derive(Default)]
pub struct ConnectInput {
    pub tenant: String,
    pub template_id: String,
    pub name: String,
    pub default_expires_in_seconds: String,
    pub allowed_fields: Vec<String>,
    pub tenant_error: Option<String>,
    pub template_error: Option<String>,
    pub name_error: Option<String>,
    pub expiry_error: Option<String>,
    pub fields_error: Option<String>,
}

fn lifetime_text(seconds: i64) -> String {
    Lifetime::from_seconds(seconds)
        .map(|lifetime| lifetime.to_string())
        .unwrap_or_else(|_| format!("{seconds} s"))
}

fn fields_text(connection: &template_connections::Model) -> String {
    let names = connection.allowed_field_names();
    if names.is_empty() {
        "none".into()
    } else if names.len() == PrefillField::ALL.len() {
        "all fields".into()
    } else {
        names.join(", ")
    }
}

pub struct OperatorTemplatesView<'a> {
    pub connections: &'a [(template_connections::Model, String)],
    pub tenants: &'a [tenants::Model],
    pub provider_templates: Result<&'a [ProviderTemplateOption], &'a str>,
    pub csrf_token: &'a str,
    pub input: &'a ConnectInput,
}

pub fn operator_templates_page(view: OperatorTemplatesView<'_>) -> Markup {
    html! {
        (page_header("Template connections", Some("Which provider templates each tenant may issue links on, with their defaults."), None))
        section.panel {
            @if view.connections.is_empty() {
                (empty_state("No templates connected", "Connect a provider template to a tenant below."))
            } @else {
                (connections_table(view.connections))
            }
        }
        section.panel {
            h2 { "Connect a template" }
            @if view.tenants.is_empty() {
                (empty_state("No tenants yet", "Create a tenant first."))
            } @else {
                (connect_form(&view))
            }
        }
    }
}

fn connections_table(connections: &[(template_connections::Model, String)]) -> Markup {
    html! {
        table.table {
            thead { tr { th { "Tenant" } th { "Name" } th { "Template" } th { "Version" } th { "Default lifetime" } th { "Prefill fields" } } }
            tbody {
                @for (connection, tenant_name) in connections {
                    tr {
                        td { (tenant_name) }
                        td { (connection.name) }
                        td { code { (connection.provider_template_id) } }
                        td { @if let Some(version) = &connection.current_version_id { code { (version) } } @else { "—" } }
                        td { (lifetime_text(connection.default_expires_in_seconds)) }
                        td.muted { (fields_text(connection)) }
                    }
                }
            }
        }
    }
}

/// The connect form's problems, in the form's order, for its summary.
fn connect_problems(input: &ConnectInput) -> Vec<Problem> {
    [
        Problem::of_field("tenant", input.tenant_error.as_deref()),
        Problem::of_field("template_id", input.template_error.as_deref()),
        Problem::of_field("name", input.name_error.as_deref()),
        Problem::of_field("default_expires_in_seconds", input.expiry_error.as_deref()),
        Problem::of_field("allowed_fields", input.fields_error.as_deref()),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn connect_form(view: &OperatorTemplatesView<'_>) -> Markup {
    let input = view.input;
    let tenant_options: Vec<(&str, &str)> = view
        .tenants
        .iter()
        .map(|tenant| (tenant.slug.as_str(), tenant.name.as_str()))
        .collect();
    html! {
        form.stack.narrow method="post" action="/operator/templates" {
            (csrf_field(view.csrf_token))
            (error_summary(None, &connect_problems(input)))
            (select("tenant", "Tenant", &tenant_options, &input.tenant, input.tenant_error.as_deref()))
            (Field::new("template_id", "Provider template id").value(&input.template_id)
                .hint("itmpl_… as shown by the provider.").error(input.template_error.as_deref())
                .autocomplete("off").render())
            (provider_templates_hint(view.provider_templates))
            (Field::new("name", "Name shown to the tenant").value(&input.name)
                .error(input.name_error.as_deref()).autocomplete("off").render())
            (expiry_select(input))
            (fields_fieldset(input))
            button.button.button-primary type="submit" { "Connect template" }
        }
    }
}

/// The templates the provider offers, to copy an id from.
fn provider_templates_hint(templates: Result<&[ProviderTemplateOption], &str>) -> Markup {
    html! {
        @match templates {
            Ok(templates) if !templates.is_empty() => {
                div.hint-list {
                    p.hint { "Templates at the provider:" }
                    ul {
                        @for template in templates {
                            li { code { (template.id) } " " (template.name) }
                        }
                    }
                }
            }
            Ok(_) => { p.hint { "The provider has no templates yet." } }
            Err(message) => { p.field-error { (message) } }
        }
    }
}

fn expiry_select(input: &ConnectInput) -> Markup {
    let options: Vec<(String, &str)> = Lifetime::PRESETS
        .iter()
        .map(|(seconds, label)| (seconds.to_string(), *label))
        .collect();
    let option_refs: Vec<(&str, &str)> = options.iter().map(|(v, l)| (v.as_str(), *l)).collect();
    let chosen = if input.default_expires_in_seconds.is_empty() {
        (7 * Lifetime::DAY).to_string()
    } else {
        input.default_expires_in_seconds.clone()
    };
    html! {
        (select("default_expires_in_seconds", "Default link lifetime", &option_refs, &chosen, input.expiry_error.as_deref()))
    }
}

fn fields_fieldset(input: &ConnectInput) -> Markup {
    html! {
        fieldset.checkboxes id="field-allowed_fields" tabindex="-1" {
            legend { "Fields issuers may prefill" }
            @if let Some(error) = &input.fields_error { (field_error("field-allowed_fields", error)) }
            @for field in PrefillField::ALL {
                label.checkbox {
                    input type="checkbox" name="allowed_fields" value=(field.as_str())
                        checked[input.allowed_fields.iter().any(|f| f == field.as_str())];
                    " " (field.label()) " " code { (field.as_str()) }
                }
            }
        }
    }
}

pub fn tenant_templates_page(connections: &[template_connections::Model]) -> Markup {
    html! {
        (page_header("Templates", Some("The verification templates your links can use. Your operator connects them."), None))
        section.panel {
            @if connections.is_empty() {
                (empty_state("No templates yet", "Ask your operator to connect a verification template to your account."))
            } @else {
                table.table {
                    thead { tr { th { "Name" } th { "Template id" } th { "Version" } th { "Default link lifetime" } th { "Prefill fields" } } }
                    tbody {
                        @for connection in connections {
                            tr {
                                td { (connection.name) }
                                td { code { (connection.provider_template_id) } }
                                td { @if let Some(version) = &connection.current_version_id { code { (version) } } @else { "—" } }
                                td { (lifetime_text(connection.default_expires_in_seconds)) }
                                td.muted { (fields_text(connection)) }
                            }
                        }
                    }
                }
            }
        }
    }
}
