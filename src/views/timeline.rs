//! The history of one link (or any audit subject), newest first, for its page.

use std::collections::HashMap;

use maud::{html, Markup};

use crate::entities::audit_events;

use super::{
    activity::{actor_name, describe_action, describe_details},
    components::{empty_state, timestamp},
};

/// Events from [`crate::repo::audit::for_subject`]; `names` maps `user:usr_…` actors of
/// the tenant to their emails.
pub fn link_timeline(events: &[audit_events::Model], names: &HashMap<String, String>) -> Markup {
    html! {
        @if events.is_empty() {
            (empty_state("Nothing has happened yet", "Clicks, status changes and your team's actions on this link appear here."))
        } @else {
            ol.timeline {
                @for event in events {
                    li.timeline-item {
                        span.timeline-dot aria-hidden="true" {}
                        div.timeline-body {
                            p.timeline-title {
                                strong { (describe_action(&event.action)) }
                                @let details = describe_details(event.details.as_deref());
                                @if !details.is_empty() { " · " span.muted { (details) } }
                            }
                            p.timeline-meta {
                                (timestamp(event.created_at)) " · " (actor_name(names, &event.actor))
                            }
                        }
                    }
                }
            }
        }
    }
}
