use std::collections::HashMap;

use maud::{html, Markup};

use crate::{entities::audit_events, entities::tenants};

use super::components::{empty_state, page_header, timestamp};

pub struct DashboardView<'a> {
    pub tenant: &'a tenants::Model,
    pub user_count: u64,
    pub recent: &'a [audit_events::Model],
    /// Audit actors (`user:usr_…`) of this tenant, by the name to show.
    pub actor_names: &'a HashMap<String, String>,
}

/// The audit trail stores stable ids; people read names and sentences.
pub fn describe_action(action: &str) -> &str {
    match action {
        "login.succeeded" => "Signed in",
        "login.failed" => "Failed sign-in",
        "tenant.created" => "Tenant created",
        "user.created" => "User added",
        "user.role_changed" => "Role changed",
        "user.disabled" => "User disabled",
        "user.enabled" => "User enabled",
        "user.sessions_ended" => "Sessions ended",
        "user.password_changed" => "Password changed",
        "api_key.created" => "API key created",
        "api_key.revoked" => "API key revoked",
        other => other,
    }
}

fn actor_name<'a>(names: &'a HashMap<String, String>, actor: &'a str) -> &'a str {
    if let Some(name) = names.get(actor) {
        return name;
    }
    if actor.starts_with("system:") {
        "System"
    } else if actor.starts_with("api_key:") {
        "API key"
    } else {
        actor
    }
}

pub fn dashboard(view: DashboardView<'_>) -> Markup {
    html! {
        (page_header("Dashboard", Some(view.tenant.name.as_str()), None))
        section.cards {
            div.card.stat {
                p.stat-label { "Team members" }
                p.stat-value { (view.user_count) }
            }
        }
        section.panel {
            h2 { "Recent activity" }
            @if view.recent.is_empty() {
                (empty_state("No activity yet", "Sign-ins and changes made by your team appear here."))
            } @else {
                table.table {
                    thead { tr { th { "When" } th { "Who" } th { "What" } th { "Subject" } } }
                    tbody {
                        @for event in view.recent {
                            tr {
                                td { (timestamp(event.created_at)) }
                                td { (actor_name(view.actor_names, &event.actor)) }
                                td { (describe_action(&event.action)) }
                                td { @if let Some(subject) = &event.subject { (actor_name(view.actor_names, subject)) } }
                            }
                        }
                    }
                }
            }
        }
    }
}
