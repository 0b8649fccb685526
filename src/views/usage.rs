//! The operator's view across tenants: what each uses, against the ceilings of its policy.

use maud::{html, Markup};

use crate::{domain::Lifetime, repo::stats::TenantUsage};

use super::{
    badges::{status_tone, status_words},
    components::{badge, empty_state, page_header},
};

fn lifetime(seconds: i64) -> String {
    Lifetime::from_seconds(seconds)
        .map(|l| l.to_string())
        .unwrap_or_else(|_| "—".into())
}

fn row(entry: &TenantUsage) -> Markup {
    let usage = &entry.usage;
    let policy = &entry.policy;
    let longest = usage.longest_active_link_seconds.unwrap_or(0).max(0);
    html! {
        tr {
            td {
                strong { (entry.tenant.name) }
                br;
                code { (entry.tenant.slug) }
            }
            td.numeric { (entry.users) }
            td.numeric { (usage.active_links) span.muted { " / " (usage.links) } }
            td {
                span.numeric-strong { (usage.inquiries) }
                @if !usage.inquiries_by_status.is_empty() {
                    div.badges {
                        @for (status, count) in &usage.inquiries_by_status {
                            (badge(&format!("{} {}", count, status_words(*status)), status_tone(*status)))
                        }
                    }
                }
            }
            td.numeric { (usage.active_api_keys) }
            td {
                @if usage.longest_active_link_seconds.is_some() {
                    meter min="0" max=(policy.ceiling_link_seconds.max(1)) value=(longest)
                        title=(format!("{} of {}", lifetime(longest), lifetime(policy.ceiling_link_seconds))) {}
                    div.hint { (lifetime(longest)) " of " (lifetime(policy.ceiling_link_seconds)) }
                } @else {
                    span.hint { "No active links · ceiling " (lifetime(policy.ceiling_link_seconds)) }
                }
            }
            td.hint.nowrap {
                (policy.api_requests_per_minute) " API requests/min" br;
                (policy.resumes_per_inquiry_per_hour) " resumes/inquiry/h" br;
                (policy.access_links_per_inquiry_per_hour) " access links/inquiry/h"
            }
        }
    }
}

pub fn usage_page(rows: &[TenantUsage]) -> Markup {
    html! {
        (page_header("Usage", Some("What each tenant uses, against the ceilings of its policy."), None))
        section.panel {
            @if rows.is_empty() {
                (empty_state("No tenants yet", "Create a tenant first; its links, inquiries and API keys are counted here."))
            } @else {
                table.table {
                    thead {
                        tr {
                            th { "Tenant" }
                            th.numeric { "Users" }
                            th.numeric { "Links active / all" }
                            th { "Inquiries" }
                            th.numeric { "API keys" }
                            th { "Longest active link vs ceiling" }
                            th { "Rate limits" }
                        }
                    }
                    tbody { @for entry in rows { (row(entry)) } }
                }
            }
        }
    }
}
