use maud::{html, Markup};

use crate::repo::tenants::TenantSummary;

use super::components::{
    csrf_field, empty_state, error_summary, page_header, timestamp, Field, Problem,
};

/// What the operator typed into the "create a tenant" form, kept on error.
#[derive(Default)]
pub struct NewTenantInput {
    pub slug: String,
    pub name: String,
    pub admin_email: String,
    pub slug_error: Option<String>,
    pub name_error: Option<String>,
    pub admin_email_error: Option<String>,
    pub password_error: Option<String>,
}

fn new_tenant_problems(input: &NewTenantInput) -> Vec<Problem> {
    [
        Problem::of_field("slug", input.slug_error.as_deref()),
        Problem::of_field("name", input.name_error.as_deref()),
        Problem::of_field("admin_email", input.admin_email_error.as_deref()),
        Problem::of_field("admin_password", input.password_error.as_deref()),
    ]
    .into_iter()
    .flatten()
    .collect()
}

pub fn tenants_page(tenants: &[TenantSummary], csrf_token: &str, input: &NewTenantInput) -> Markup {
    html! {
        (page_header("Tenants", Some("The customers who issue verification links through this portal."), None))
        section.panel {
            @if tenants.is_empty() {
                (empty_state("No tenants yet", "Create the first tenant and its owner below."))
            } @else {
                table.table {
                    thead { tr { th { "Slug" } th { "Name" } th.numeric { "Users" } th { "Created" } th { "Link lifetime ceiling" } } }
                    tbody {
                        @for summary in tenants {
                            tr {
                                td { code { (summary.tenant.slug) } }
                                td { (summary.tenant.name) }
                                td.numeric { (summary.user_count) }
                                td { (timestamp(summary.tenant.created_at)) }
                                td {
                                    form.inline method="post" action=(format!("/operator/tenants/{}/ceiling", summary.tenant.slug)) {
                                        (csrf_field(csrf_token))
                                        label.sr-only for=(format!("ceiling-{}", summary.tenant.slug)) { "Link lifetime ceiling of " (summary.tenant.name) ", in days" }
                                        input.input-small id=(format!("ceiling-{}", summary.tenant.slug)) type="number" name="ceiling_days" min="1" max="3650"
                                            value=(summary.ceiling_link_seconds / 86_400);
                                        span.muted { "days" }
                                        button.button.button-small type="submit" aria-label=(format!("Set the ceiling of {}", summary.tenant.name)) { "Set" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        section.panel {
            h2 { "Create a tenant" }
            p.muted { "The owner can sign in at once with the password you set here, and add the rest of their team." }
            form.stack.narrow method="post" action="/operator/tenants" {
                (csrf_field(csrf_token))
                (error_summary(None, &new_tenant_problems(input)))
                (Field::new("slug", "Slug").value(&input.slug).hint("Lower-case letters, digits and dashes, like acme-bank.")
                    .error(input.slug_error.as_deref()).autocomplete("off").render())
                (Field::new("name", "Name").value(&input.name).error(input.name_error.as_deref()).autocomplete("organization").render())
                (Field::new("admin_email", "Owner's email").kind("email").value(&input.admin_email)
                    .error(input.admin_email_error.as_deref()).autocomplete("off").render())
                (Field::new("admin_password", "Owner's initial password").kind("password")
                    .hint("12 to 128 characters.").error(input.password_error.as_deref()).autocomplete("new-password").render())
                button.button.button-primary type="submit" { "Create tenant" }
            }
        }
    }
}
