use maud::{html, Markup};

use crate::{entities::audit_events, entities::tenants};

use super::components::{empty_state, page_header, timestamp};

pub struct DashboardView<'a> {
    pub tenant: &'a tenants::Model,
    pub user_count: u64,
    pub recent: &'a [audit_events::Model],
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
                    thead { tr { th { "When" } th { "Who" } th { "What" } } }
                    tbody {
                        @for event in view.recent {
                            tr {
                                td { (timestamp(event.created_at)) }
                                td { code { (event.actor) } }
                                td { (event.action) }
                            }
                        }
                    }
                }
            }
        }
    }
}
