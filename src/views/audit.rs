//! The audit trail page: filters, the events, keyset paging and the CSV export link.

use std::collections::HashMap;

use maud::{html, Markup};

use crate::entities::audit_events;

use super::{
    activity::{actor_name, describe_action, details_cell, subject},
    components::{empty_state, page_header, timestamp},
};

/// The filter form's values as typed, shown again.
#[derive(Default)]
pub struct AuditInput<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub link: &'a str,
    pub from: &'a str,
    pub to: &'a str,
}

impl AuditInput<'_> {
    /// The filters as a query string, with `after` when paging on.
    pub fn query(&self, after: Option<&str>) -> String {
        let mut pairs: Vec<(&str, &str)> = [
            ("actor", self.actor),
            ("action", self.action),
            ("link", self.link),
            ("from", self.from),
            ("to", self.to),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .collect();
        if let Some(after) = after {
            pairs.push(("after", after));
        }
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

pub struct AuditView<'a> {
    pub events: &'a [audit_events::Model],
    /// `user:usr_…` of the tenant's team, by email.
    pub names: &'a HashMap<String, String>,
    pub input: &'a AuditInput<'a>,
    /// The actions present in the tenant's trail.
    pub actions: &'a [String],
    pub errors: &'a [String],
    pub next_cursor: Option<&'a str>,
    pub first_page: bool,
}

/// Who may be filtered on: the team, then the system actors.
fn actor_options(names: &HashMap<String, String>) -> Vec<(String, String)> {
    let mut team: Vec<(String, String)> = names
        .iter()
        .map(|(actor, email)| (actor.clone(), email.clone()))
        .collect();
    team.sort_by(|a, b| a.1.cmp(&b.1));
    team.push(("system:webhook".into(), "Provider webhook".into()));
    team.push(("system:reconciler".into(), "Status check".into()));
    team
}

fn filters(view: &AuditView<'_>) -> Markup {
    let input = view.input;
    let actors = actor_options(view.names);
    let known_actor = input.actor.is_empty() || actors.iter().any(|(v, _)| v == input.actor);
    html! {
        form.filters.filters-wide method="get" action="/audit" {
            div.field {
                label for="filter-actor" { "Who" }
                select id="filter-actor" name="actor" {
                    option value="" selected[input.actor.is_empty()] { "Anyone" }
                    @for (value, label) in &actors {
                        option value=(value) selected[value == input.actor] { (label) }
                    }
                    @if !known_actor {
                        option value=(input.actor) selected { (input.actor) }
                    }
                }
            }
            div.field {
                label for="filter-action" { "What" }
                select id="filter-action" name="action" {
                    option value="" selected[input.action.is_empty()] { "Any action" }
                    @for action in view.actions {
                        option value=(action) selected[action == input.action] { (describe_action(action)) }
                    }
                    @if !input.action.is_empty() && !view.actions.iter().any(|a| a == input.action) {
                        option value=(input.action) selected { (describe_action(input.action)) }
                    }
                }
            }
            div.field {
                label for="filter-link" { "Link" }
                input id="filter-link" name="link" type="text" value=(input.link) placeholder="lnk_…" autocomplete="off";
            }
            div.field {
                label for="filter-from" { "From" }
                input id="filter-from" name="from" type="date" value=(input.from);
            }
            div.field {
                label for="filter-to" { "To" }
                input id="filter-to" name="to" type="date" value=(input.to);
            }
            div.filter-actions {
                button.button.button-primary type="submit" { "Filter" }
                a.button href="/audit" { "Clear" }
            }
        }
    }
}

pub fn audit_page(view: AuditView<'_>) -> Markup {
    let export = format!("/audit.csv?{}", view.input.query(None));
    let actions = html! { a.button.nowrap href=(export) download { "Export CSV" } };
    html! {
        (page_header("Audit trail", Some("Everything your team, your API keys and the provider did, newest first. Ids only: never tokens, codes or personal data."), Some(actions)))
        (filters(&view))
        @if !view.errors.is_empty() {
            div.flash.flash-error role="alert" {
                @for error in view.errors { p { (error) } }
            }
        }
        section.panel.panel-scroll {
            @if view.events.is_empty() {
                @if view.errors.is_empty() {
                    (empty_state("No events", "Nothing matches these filters yet. Issued links, sign-ins and status changes appear here."))
                }
            } @else {
                table.table {
                    thead { tr { th { "When" } th { "Who" } th { "What" } th { "Subject" } th { "Details" } } }
                    tbody {
                        @for event in view.events {
                            tr {
                                td.nowrap { (timestamp(event.created_at)) }
                                td { (actor_name(view.names, &event.actor)) }
                                td { (describe_action(&event.action)) }
                                td.subject { (subject(event.subject.as_deref(), view.names)) }
                                td.details { (details_cell(event.details.as_deref())) }
                            }
                        }
                    }
                }
            }
            nav.pager aria-label="Pages" {
                @if !view.first_page {
                    a.button href=(format!("/audit?{}", view.input.query(None))) { "Newest" }
                }
                @if let Some(cursor) = view.next_cursor {
                    a.button href=(format!("/audit?{}", view.input.query(Some(cursor)))) { "Older" }
                }
            }
        }
    }
}
