use maud::{html, Markup};

use crate::{
    db::now,
    domain::{InvitationStatus, Role},
    entities::invitations,
    repo::memberships::Member,
};

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
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The page; `form_key` is the "add a user" form's one-time key (a double click invites once).
pub fn users_page(
    members: &[Member],
    invitations: &[invitations::Model],
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
                            (member_row(member, member.user.id == current_user_id, csrf_token))
                        }
                    }
                }
            }
        }
        section.panel {
            h2 { "Add a user" }
            p.muted { "They get an invitation by email, valid for 7 days. Someone who already uses the portal for another organisation keeps their password and can switch between the two." }
            form.stack.narrow method="post" action="/users" {
                (csrf_field(csrf_token))
                (form_key_field(form_key))
                (error_summary(None, &new_user_problems(input)))
                (Field::new("email", "Email").kind("email").value(&input.email)
                    .error(input.email_error.as_deref()).autocomplete("off").render())
                (select("role", "Role", &role_options, chosen_role, input.role_error.as_deref()))
                button.button.button-primary type="submit" { "Send invitation" }
            }
        }
        @if !invitations.is_empty() {
            section.panel {
                h2 { "Invitations" }
                table.table {
                    thead { tr { th { "Email" } th { "Role" } th { "Status" } th { "Sent" } } }
                    tbody {
                        @for invitation in invitations { (invitation_row(invitation)) }
                    }
                }
            }
        }
    }
}

fn invitation_row(invitation: &invitations::Model) -> Markup {
    html! {
        tr {
            td { (invitation.email) }
            td { (invitation.role) }
            td {
                @let status = InvitationStatus::of(invitation.accepted_at, invitation.expires_at, now());
                (badge(status.as_str(), status.tone()))
                @if status == InvitationStatus::Pending { " until " (timestamp(invitation.expires_at)) }
            }
            td { (timestamp(invitation.created_at)) }
        }
    }
}

fn member_row(member: &Member, is_self: bool, csrf_token: &str) -> Markup {
    let action = format!("/users/{}", member.user.public_id);
    let membership = &member.membership;
    html! {
        tr {
            td { (member.user.email) @if is_self { " " (badge("you", "neutral")) } }
            td { (membership.role) }
            td {
                @if membership.disabled { (badge("disabled", "danger")) } @else { (badge("enabled", "success")) }
            }
            td { (timestamp(membership.created_at)) }
            td.actions {
                @if !is_self {
                    form.inline method="post" action=(format!("{action}/role")) {
                        (csrf_field(csrf_token))
                        label.sr-only for=(format!("role-{}", member.user.public_id)) { "Role of " (member.user.email) }
                        select id=(format!("role-{}", member.user.public_id)) name="role" {
                            @for role in Role::TENANT_ROLES {
                                option value=(role.as_str()) selected[role == membership.role] { (role.as_str()) }
                            }
                        }
                        button.button.button-small type="submit" aria-label=(format!("Change the role of {}", member.user.email)) { "Change role" }
                    }
                    form.inline method="post" action=(format!("{action}/{}", if membership.disabled { "enable" } else { "disable" })) {
                        (csrf_field(csrf_token))
                        button.button.button-small type="submit" aria-label=(format!("{} {}", if membership.disabled { "Enable" } else { "Disable" }, member.user.email)) { @if membership.disabled { "Enable" } @else { "Disable" } }
                    }
                    form.inline method="post" action=(format!("{action}/end-sessions")) {
                        (csrf_field(csrf_token))
                        button.button.button-small type="submit" aria-label=(format!("End the sessions of {}", member.user.email)) { "End sessions" }
                    }
                }
            }
        }
    }
}
