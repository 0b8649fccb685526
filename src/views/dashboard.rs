use std::collections::HashMap;

use maud::{html, Markup};

use crate::{
    domain::{InquiryStatus, StaleAction},
    entities::{audit_events, links, tenants},
    repo::stats::{Funnel, StaleLink},
};

use super::{
    activity::{details_cell, subject},
    badges::{kind_badge, state_badge, status_badge, status_tone, status_words},
    charts::funnel_chart,
    components::{badge, csrf_field, empty_state, page_header, timestamp},
};

// The audit trail's wording lives with the activity views; kept reachable from here for
// the routes that still name it so.
pub use super::activity::{actor_name, describe_action};

pub struct DashboardView<'a> {
    pub tenant: &'a tenants::Model,
    pub user_count: u64,
    /// Inquiries per status, in lifecycle order.
    pub status_counts: &'a [(InquiryStatus, i64)],
    pub funnel: &'a Funnel,
    pub expiring: &'a [links::Model],
    pub stale: &'a [StaleLink],
    /// The tenant's `stale_version_action` policy: what a stale link does when clicked.
    pub stale_action: StaleAction,
    pub recent: &'a [audit_events::Model],
    /// Audit actors (`user:usr_…`) of this tenant, by the name to show.
    pub actor_names: &'a HashMap<String, String>,
    pub now: i64,
    /// For the stale panel's bulk action; `None` when the user may not issue.
    pub issuer_csrf_token: Option<&'a str>,
}

fn status_cards(view: &DashboardView<'_>) -> Markup {
    let total: i64 = view.status_counts.iter().map(|(_, n)| n).sum();
    html! {
        section.cards {
            div.card.stat {
                p.stat-label { "Inquiries" }
                p.stat-value { (total) }
            }
            @for (status, count) in view.status_counts {
                div.card.stat {
                    p.stat-label { (badge(&status_words(*status), status_tone(*status))) }
                    p.stat-value { (count) }
                }
            }
            div.card.stat {
                p.stat-label { "Team members" }
                p.stat-value { (view.user_count) }
            }
        }
    }
}

/// "in 3 h 20 min", for expiries under a day away.
fn time_left(seconds: i64) -> String {
    let minutes = (seconds.max(0) + 59) / 60;
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("in {m} min"),
        (h, 0) => format!("in {h} h"),
        (h, m) => format!("in {h} h {m} min"),
    }
}

fn expiring_panel(view: &DashboardView<'_>) -> Markup {
    html! {
        section.panel.panel-scroll {
            h2 { "Expiring in the next 24 hours" }
            @if view.expiring.is_empty() {
                (empty_state("Nothing expires soon", "Active links that expire within a day are listed here, so you can extend them in time."))
            } @else {
                table.table {
                    thead { tr { th { "Link" } th { "Kind" } th { "State" } th { "Expires" } } }
                    tbody {
                        @for link in view.expiring {
                            tr {
                                td {
                                    a href=(format!("/links/{}", link.public_id)) {
                                        @if let Some(reference) = &link.reference_id { (reference) } @else { code { (link.public_id) } }
                                    }
                                }
                                td { (kind_badge(link.kind)) }
                                td { (state_badge(link.state)) }
                                td { (time_left(link.expires_at - view.now)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn stale_panel(view: &DashboardView<'_>) -> Markup {
    let outcome = match view.stale_action {
        StaleAction::Reissue => {
            "gets a new inquiry on the latest version when its user next opens it"
        }
        StaleAction::Refuse => "is refused when its user next opens it, until you reissue it",
        StaleAction::Resume => "resumes on its old version when its user next opens it",
    };
    html! {
        section.panel.panel-scroll {
            h2 { "On a superseded template version" }
            @if view.stale.is_empty() {
                (empty_state("All open links are on the latest version", "When a template gets a new published version, links whose inquiry was made on an older one are listed here."))
            } @else {
                p.muted { "Under your policy each of these links " (outcome) ". Change that in Settings." }
                @if let Some(csrf_token) = view.issuer_csrf_token {
                    form.inline-form method="post" action="/links/reissue-stale"
                        data-confirm="Move every link listed here to a new inquiry on the latest template version? Their users start again with the same prefill." {
                        (csrf_field(csrf_token))
                        button.button type="submit" { "Reissue all on the latest version" }
                    }
                }
                table.table {
                    thead { tr { th { "Link" } th { "Template" } th { "Inquiry" } th { "Its version" } th { "Latest" } } }
                    tbody {
                        @for stale in view.stale {
                            tr {
                                td {
                                    a href=(format!("/links/{}", stale.public_id)) {
                                        @if let Some(reference) = &stale.reference_id { (reference) } @else { code { (stale.public_id) } }
                                    }
                                }
                                td { (stale.template_name) }
                                td { (status_badge(stale.inquiry_status)) }
                                td { code { (stale.inquiry_version) } }
                                td { code { (stale.current_version) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn recent_panel(view: &DashboardView<'_>) -> Markup {
    html! {
        section.panel.panel-scroll {
            div.panel-header {
                h2 { "Recent activity" }
                a href="/audit" { "Full audit trail →" }
            }
            @if view.recent.is_empty() {
                (empty_state("No activity yet", "Sign-ins and changes made by your team appear here."))
            } @else {
                table.table {
                    thead { tr { th { "When" } th { "Who" } th { "What" } th { "Subject" } th { "Details" } } }
                    tbody {
                        @for event in view.recent {
                            tr {
                                td.nowrap { (timestamp(event.created_at)) }
                                td { (actor_name(view.actor_names, &event.actor)) }
                                td { (describe_action(&event.action)) }
                                td.subject { (subject(event.subject.as_deref(), view.actor_names)) }
                                td.details { (details_cell(event.details.as_deref())) }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub fn dashboard(view: DashboardView<'_>) -> Markup {
    html! {
        (page_header("Dashboard", Some(view.tenant.name.as_str()), None))
        (status_cards(&view))
        section.panel {
            h2 { "Funnel" }
            @if view.funnel.issued == 0 {
                (empty_state("No links yet", "Issue a link and watch your end users move from opening it to finishing their verification."))
            } @else {
                p.muted { "How far your links got. A link counts at a stage once any of its inquiries reached it." }
                (funnel_chart(view.funnel))
            }
        }
        (expiring_panel(&view))
        (stale_panel(&view))
        (recent_panel(&view))
    }
}
