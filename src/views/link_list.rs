//! The links list: each link with its template, state, inquiry status and expiry in words.

use maud::{html, Markup};

use crate::{
    domain::{InquiryStatus, LinkKind, LinkState},
    entities::links,
    repo::links::LinkFilter,
};

use super::{
    badges::{kind_badge, state_badge, status_badge},
    components::{empty_state, page_header, relative_time},
    links::kind_label,
};

/// A link as the admin's list shows it.
pub struct LinkRow {
    pub link: links::Model,
    pub template_name: String,
    /// The status of its current inquiry, once it has one.
    pub inquiry_status: Option<InquiryStatus>,
}

pub struct LinksView<'a> {
    pub links: &'a [LinkRow],
    /// The time the page is drawn at, for "in 3 days" and "2 hours ago".
    pub now: i64,
    pub filter: &'a LinkFilter,
    pub next_cursor: Option<&'a str>,
    pub can_issue: bool,
}

fn filter_query(filter: &LinkFilter, after: &str) -> String {
    let mut pairs = vec![("after", after.to_owned())];
    if let Some(kind) = filter.kind {
        pairs.push(("kind", kind.as_str().to_owned()));
    }
    if let Some(state) = filter.state {
        pairs.push(("status", state.as_str().to_owned()));
    }
    if let Some(reference) = &filter.reference_id {
        pairs.push(("reference_id", reference.clone()));
    }
    if let Some(text) = &filter.text {
        pairs.push(("q", text.clone()));
    }
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

/// The header's buttons, for those who may issue.
fn issue_actions() -> Markup {
    html! {
        a.button href="/links/bulk" { "Bulk issue" }
        a.button href="/links/new?kind=static" { "New static link" }
        a.button.button-primary href="/links/new?kind=dedicated" { "New dedicated link" }
    }
}

pub fn links_page(view: LinksView<'_>) -> Markup {
    let filter = view.filter;
    let actions = view.can_issue.then(issue_actions);
    let (kind, state) = (filter.kind, filter.state);
    html! {
        (page_header("Links", Some("Every link your team has issued, newest first."), actions))
        form.filters method="get" action="/links" {
            div.field {
                label for="filter-kind" { "Kind" }
                select id="filter-kind" name="kind" {
                    option value="" selected[kind.is_none()] { "Any kind" }
                    @for option in LinkKind::ALL {
                        option value=(option.as_str()) selected[kind == Some(option)] { (kind_label(option)) }
                    }
                }
            }
            div.field {
                label for="filter-status" { "Status" }
                select id="filter-status" name="status" {
                    option value="" selected[state.is_none()] { "Any status" }
                    @for option in LinkState::ALL {
                        option value=(option.as_str()) selected[state == Some(option)] { (option.as_str()) }
                    }
                }
            }
            div.field {
                label for="filter-reference" { "Reference id" }
                input id="filter-reference" type="text" name="reference_id" value=(filter.reference_id.as_deref().unwrap_or(""));
            }
            div.field {
                label for="filter-text" { "Search" }
                input id="filter-text" type="text" name="q" placeholder="Link id or reference" value=(filter.text.as_deref().unwrap_or(""));
            }
            div.filter-actions {
                button.button type="submit" { "Filter" }
                a.button-link href="/links" { "Clear" }
            }
        }
        section.panel {
            @if view.links.is_empty() {
                @if view.can_issue {
                    (empty_state("No links here yet", "Issue a dedicated link for one person, or a static link to publish for many."))
                } @else {
                    (empty_state("No links here yet", "Links your team issues will appear here."))
                }
            } @else {
                table.table {
                    thead { tr { th { "Link" } th { "Kind" } th { "Template" } th { "Link status" } th { "Inquiry" } th { "Expires" } th.numeric { "Clicks" } th { "Created" } } }
                    tbody {
                        @for row in view.links {
                            @let link = &row.link;
                            tr {
                                td {
                                    a href=(format!("/links/{}", link.public_id)) {
                                        @if let Some(reference) = &link.reference_id { (reference) } @else { code { (link.public_id) } }
                                    }
                                }
                                td { (kind_badge(link.kind)) }
                                td { (row.template_name) }
                                td { (state_badge(link.state)) }
                                td { @if let Some(status) = row.inquiry_status { (status_badge(status)) } @else { span.muted { "not started" } } }
                                td { (relative_expiry(link, view.now)) }
                                td.numeric { (link.click_count) }
                                td { (relative_time(link.created_at, view.now)) }
                            }
                        }
                    }
                }
                @if let Some(cursor) = view.next_cursor {
                    p.pagination { a.button href=(format!("/links?{}", filter_query(filter, cursor))) { "Older links →" } }
                }
            }
        }
    }
}

/// The expiry relative to now ("in 3 days", "2 hours ago"); an ended link's expiry no
/// longer matters.
fn relative_expiry(link: &links::Model, now: i64) -> Markup {
    match link.state {
        LinkState::Revoked | LinkState::Completed => html! { span.muted { "—" } },
        _ => relative_time(link.expires_at, now),
    }
}
