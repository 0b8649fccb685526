//! One link: its URL and QR code, state, expiry, clicks, inquiries and the actions on it.

use maud::{html, Markup};

use crate::{
    domain::{Lifetime, LinkKind, LinkState},
    entities::{inquiries, links, template_connections},
};

use super::{
    badges::{kind_badge, state_badge, status_badge},
    components::{
        approximate_duration, badge, copyable, csrf_field, empty_state, form_key_field,
        not_shown_again, page_header, timestamp, NotShownAgain,
    },
    link_detail_rescue::{final_note, rescue_panel, Ending, RescueOffer},
};

/// Secrets shown once, on the page a form redirected to (carried there encrypted).
#[derive(Default, serde::Serialize, serde::Deserialize)]
pub struct OneTimeSecrets {
    pub access_code: Option<String>,
    pub session_token: Option<(String, String)>,
    pub access_link: Option<String>,
}

pub struct LinkDetailView<'a> {
    pub link: &'a links::Model,
    pub template: Option<&'a template_connections::Model>,
    pub url: &'a str,
    pub inquiries: &'a [inquiries::Model],
    pub csrf_token: &'a str,
    pub can_issue: bool,
    pub secrets: &'a OneTimeSecrets,
    /// Set when this visit was meant to show secrets that it may not show (again).
    pub not_shown: Option<NotShownAgain>,
    /// One-time keys of the forms that create something (session token, access link).
    pub form_keys: LinkFormKeys<'a>,
    pub now: i64,
    /// The link's history ([`super::timeline::link_timeline`]).
    pub timeline: Markup,
    /// How an expired link is rescued, when it has expired.
    pub rescue: Option<RescueOffer>,
    /// Who revoked or completed the link, and when, if the audit trail knows.
    pub ending: Option<Ending>,
}

/// The one-time form keys of the link page's creating actions.
pub struct LinkFormKeys<'a> {
    pub session_token: &'a str,
    pub access_link: &'a str,
    pub access_code: &'a str,
}

fn secrets_panel(secrets: &OneTimeSecrets, not_shown: Option<NotShownAgain>) -> Markup {
    html! {
        @if let Some(reason) = not_shown {
            (not_shown_again(reason, "If it was not copied, generate a new session token or access link below."))
        }
        @if secrets.access_code.is_some() || secrets.session_token.is_some() || secrets.access_link.is_some() {
            section.panel.panel-highlight {
                h2 { "Copy these now" }
                p { "They are shown only this once: reloading this page will not show them again." }
                @if let Some(code) = &secrets.access_code {
                    (copyable("Access code", code))
                    p.hint { "Send it through a different channel than the link (for example SMS if the link went by email)." }
                }
                @if let Some((token, flow_url)) = &secrets.session_token {
                    (copyable("Session token", token))
                    (copyable("Hosted flow URL", flow_url))
                }
                @if let Some(access_link) = &secrets.access_link {
                    (copyable("One-time access link", access_link))
                    p.hint { "Works once: the browser that opens it and presses Continue gets in." }
                }
            }
        }
    }
}

pub fn link_page(view: LinkDetailView<'_>) -> Markup {
    let link = view.link;
    let title = link
        .reference_id
        .clone()
        .unwrap_or_else(|| link.public_id.clone());
    html! {
        (page_header(&title, Some(&format!("{} link · {}", link.kind, link.public_id)), None))
        (secrets_panel(view.secrets, view.not_shown))
        section.panel {
            div.link-summary {
                div.link-url {
                    (copyable("Link", view.url))
                    p.hint { (url_hint(link.state)) }
                    (link_details(&view))
                }
                // Only a link that works is worth scanning.
                @if link.state.is_open() {
                    img.qr src=(format!("/links/{}/qr.svg", link.public_id)) alt="QR code of the link" width="180" height="180";
                }
            }
        }
        @if let (Some(offer), true) = (view.rescue, view.can_issue) {
            (rescue_panel(link, offer, view.csrf_token))
        }
        @if view.can_issue && link.state.is_open() {
            (actions_panel(link, view.csrf_token, &view.form_keys, view.rescue.is_none()))
        }
        @if matches!(link.state, LinkState::Revoked | LinkState::Completed) {
            (final_note(link, view.ending.as_ref()))
        }
        (inquiries_panel(view.inquiries))
        section.panel {
            h2 { "History" }
            (view.timeline)
        }
    }
}

/// What to do with the URL: send it while it works; otherwise why it does not.
fn url_hint(state: LinkState) -> &'static str {
    match state {
        LinkState::Active => "Send this link to the person. It is safe to email: it never contains a session token.",
        LinkState::Paused => "The link is paused: people who open it see a \"paused\" page until you resume it.",
        LinkState::Expired => "The link has expired: extend it below and the same URL works again.",
        LinkState::Revoked => "The link was revoked: it no longer works for anyone. Issue a new link if the person still needs one.",
        LinkState::Completed => "The verification is finished: the link only shows the person their outcome now.",
    }
}

fn link_details(view: &LinkDetailView<'_>) -> Markup {
    let link = view.link;
    html! {
        dl.details {
            dt { "Status" } dd { (state_badge(link.state)) }
            dt { "Kind" } dd { (kind_badge(link.kind)) }
            dt { "Template" } dd { (view.template.map(|t| t.name.as_str()).unwrap_or("—")) }
            dt { "Expires" } dd {
                (timestamp(link.expires_at))
                @if link.expires_at > view.now && link.state.is_open() {
                    " " span.muted { "(in " (approximate_duration(link.expires_at - view.now)) ")" }
                }
            }
            dt { "Language" } dd {
                @match link.language {
                    Some(language) => (language.described()),
                    None => "The person's browser decides",
                }
            }
            dt { "Clicks" } dd { (link.click_count) }
            @match link.kind {
                LinkKind::Dedicated => (dedicated_details(link)),
                LinkKind::Static => (static_details(link)),
            }
            dt { "Created" } dd { (timestamp(link.created_at)) }
        }
    }
}

fn dedicated_details(link: &links::Model) -> Markup {
    html! {
        dt { "Who may continue" } dd { (link.resume_on_click.label()) }
        dt { "Access code" } dd {
            @if link.locked_at.is_some() { (badge("locked", "danger")) }
            @else if link.access_code_hash.is_some() { "issued (" (link.access_code_attempts) " wrong attempts)" }
            @else { "none" }
        }
    }
}

fn static_details(link: &links::Model) -> Markup {
    html! {
        dt { "Inquiries created" } dd {
            (link.inquiries_created)
            @if let Some(cap) = link.max_inquiries { " of " (cap) }
        }
        dt { "Returning browsers" } dd { @if link.always_new { "always get a new inquiry" } @else { "get their own inquiry back" } }
    }
}

/// A button posting to one of the link's actions.
fn action_button(link: &links::Model, action: &str, label: &str, csrf_token: &str) -> Markup {
    keyed_action_button(link, action, label, csrf_token, None)
}

/// A button posting to an action that creates something, with its one-time form key.
fn keyed_action_button(
    link: &links::Model,
    action: &str,
    label: &str,
    csrf_token: &str,
    form_key: Option<&str>,
) -> Markup {
    html! {
        form.inline-form method="post" action=(format!("/links/{}/{action}", link.public_id)) {
            (csrf_field(csrf_token))
            @if let Some(key) = form_key { (form_key_field(key)) }
            button.button type="submit" { (label) }
        }
    }
}

/// The actions on an open link; `with_extend` false when the rescue panel offers it.
fn actions_panel(
    link: &links::Model,
    csrf_token: &str,
    keys: &LinkFormKeys<'_>,
    with_extend: bool,
) -> Markup {
    html! {
        section.panel {
            h2 { "Actions" }
            div.action-row {
                @if with_extend {
                    form.inline-form method="post" action=(format!("/links/{}/extend", link.public_id)) {
                        (csrf_field(csrf_token))
                        label for="extend-by" { "Extend by" }
                        select id="extend-by" name="extend_seconds" {
                            @for (seconds, label) in Lifetime::PRESETS { option value=(seconds) { (label) } }
                        }
                        button.button type="submit" { "Extend" }
                    }
                }
                @if link.locked_at.is_some() {
                    (action_button(link, "unlock", "Unlock", csrf_token))
                }
                @if link.kind == LinkKind::Dedicated {
                    (keyed_action_button(link, "session-token", "Generate session token", csrf_token, Some(keys.session_token)))
                    (keyed_action_button(link, "access-link", "Create one-time access link", csrf_token, Some(keys.access_link)))
                    @let code_label = if link.access_code_hash.is_some() { "Replace access code" } else { "Issue access code" };
                    (keyed_action_button(link, "access-code", code_label, csrf_token, Some(keys.access_code)))
                }
                @if link.state == LinkState::Active {
                    (action_button(link, "pause", "Pause", csrf_token))
                } @else if link.state == LinkState::Paused {
                    (action_button(link, "resume", "Resume", csrf_token))
                }
                form.inline-form method="post" action=(format!("/links/{}/revoke", link.public_id))
                    data-confirm="Revoke this link? It stops working at once, everywhere." {
                    (csrf_field(csrf_token))
                    button.button.button-danger type="submit" { "Revoke link" }
                }
            }
        }
    }
}

fn inquiries_panel(inquiries: &[inquiries::Model]) -> Markup {
    html! {
        section.panel {
            h2 { "Inquiries" }
            @if inquiries.is_empty() {
                (empty_state("No inquiries yet", "A static link creates one for each new visitor."))
            } @else {
                table.table {
                    thead { tr { th { "Inquiry" } th { "Status" } th { "Reference" } th { "Expires" } th.numeric { "Resumes" } th { "Created" } } }
                    tbody {
                        @for inquiry in inquiries {
                            tr {
                                td { a href=(format!("/inquiries/{}", inquiry.provider_inquiry_id)) { code { (inquiry.provider_inquiry_id) } } }
                                td { (status_badge(inquiry.status)) }
                                td { (inquiry.reference_id.as_deref().unwrap_or("—")) }
                                td { @if let Some(at) = inquiry.expires_at { (timestamp(at)) } @else { "—" } }
                                td.numeric { (inquiry.resume_count) }
                                td { (timestamp(inquiry.created_at)) }
                            }
                        }
                    }
                }
            }
        }
    }
}
