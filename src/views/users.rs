use maud::{html, Markup};

use crate::{domain::Role, entities::users};

use super::components::{
    badge, csrf_field, empty_state, error_summary, form_key_field, page_header, select, timestamp,
    Field, Problem,
};

/// What the owner typed into the "add a user" form, kept on error.
#[derive(Default)]
pub struct NewUserInput {
    pub email: String,
    pub role: String,
    pub email_error: Option<String>,
    pub role_error: Option<String>,
    pub password_error: Option<String>,
}

/// The roles the "add a user" form offers, in its order (the first is the default).
pub const ROLE_OPTIONS: [(Role, &str); 3] = [
    (Role::Issuer, "Issuer: issues, resumes and revokes links"),
    (Role::Viewer, "Viewer: read only"),
    (
        Role::Owner,
        "Owner: everything, including users and API keys",
    ),
];

fn new_user_problems(input: &NewUserInput) -> Vec<Problem> {
    [
        Problem::of_field("email", input.email_error.as_deref()),
        Problem::of_field("role", input.role_error.as_deref()),
        Problem::of_field("password", input.password_error.as_deref()),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The page; `form_key` is the "add a user" form's one-time key (a double click adds one).
pub fn users_page(
    members: &[users::Model],
    current_user_id: i32,
    csrf_token: &str,
    form_key: &str,
    input: &NewUserInput,
) -> Markup {
    let role_options = ROLE_OPTIONS.map(|(role, text)| (role.as_str(), text));
    let chosen_role = if input.role.is_empty() {
        ROLE_OPTIONS[0].0.as_str()
    } else {
        &input.role
    };
    html! {
        (page_header("Users", Some("Who in your organisation can use the portal."), None))
        section.panel {
            @if members.is_empty() {
                (empty_state("No users yet", "Add your first team member below."))
            } @else {
                table.table {
                    thead { tr { th { "Email" } th { "Role" } th { "Status" } th { "Added" } th { span.sr-only { "Actions" } } } }
                    tbody {
                        @for member in members {
                            (member_row(member, member.id == current_user_id, csrf_token))
                        }
                    }
                }
            }
        }
        section.panel {
            h2 { "Add a user" }
            p.muted { "Give them the initial password through a separate channel; they can change it under Account." }
            form.stack.narrow method="post" action="/users" {
                (csrf_field(csrf_token))
                (form_key_field(form_key))
                (error_summary(None, &new_user_problems(input)))
                (Field::new("email", "Email").kind("email").value(&input.email)
                    .error(input.email_error.as_deref()).autocomplete("off").render())
                (select("role", "Role", &role_options, chosen_role, input.role_error.as_deref()))
                (Field::new("password", "Initial password").kind("password")
                    .hint("12 to 128 characters.").autocomplete("new-password")
                    .error(input.password_error.as_deref()).render())
                button.button.button-primary type="submit" { "Add user" }
            }
        }
    }
}

fn member_row(member: &users::Model, is_self: bool, csrf_token: &str) -> Markup {
    let action = format!("/users/{}", member.public_id);
    html! {
        tr {
            td { (member.email) @if is_self { " " (badge("you", "neutral")) } }
            td { (member.role) }
            td {
                @if member.disabled { (badge("disabled", "danger")) } @else { (badge("enabled", "success")) }
            }
            td { (timestamp(member.created_at)) }
            td.actions {
                @if !is_self {
                    form.inline method="post" action=(format!("{action}/role")) {
                        (csrf_field(csrf_token))
                        label.sr-only for=(format!("role-{}", member.public_id)) { "Role" }
                        select id=(format!("role-{}", member.public_id)) name="role" {
                            @for role in Role::TENANT_ROLES {
                                option value=(role.as_str()) selected[role == member.role] { (role.as_str()) }
                            }
                        }
                        button.button.button-small type="submit" { "Change role" }
                    }
                    form.inline method="post" action=(format!("{action}/{}", if member.disabled { "enable" } else { "disable" })) {
                        (csrf_field(csrf_token))
                        button.button.button-small type="submit" { @if member.disabled { "Enable" } @else { "Disable" } }
                    }
                    form.inline method="post" action=(format!("{action}/end-sessions")) {
                        (csrf_field(csrf_token))
                        button.button.button-small type="submit" { "End sessions" }
                    }
                }
            }
        }
    }
}
