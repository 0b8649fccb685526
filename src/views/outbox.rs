//! The outbox viewer (`/operator/outbox`, and `/sandbox/mailbox` in sandbox mode): a
//! small mail viewer. The HTML part is shown in a sandboxed frame (`srcdoc`, no scripts,
//! its own opaque origin), never in the portal's page; the links of the text part are
//! listed as links the viewer can click.

use maud::{html, Markup};

use crate::{domain::MessageState, entities::outbox_messages};

use super::components::{badge, empty_state, page_header, timestamp};

pub fn state_badge(state: MessageState) -> Markup {
    let tone = match state {
        MessageState::Queued => "warning",
        MessageState::Sent => "success",
        MessageState::Failed => "danger",
    };
    badge(state.as_str(), tone)
}

/// The delivery state, with the server's reason when it has one.
pub fn delivery(message: &outbox_messages::Model) -> Markup {
    html! {
        (state_badge(message.state))
        @if let Some(reason) = &message.last_error {
            " " span.muted.delivery-reason { (reason) }
        }
    }
}

/// The list; `base` is the viewer's path, `delivering` whether SMTP is configured.
pub fn list_page(messages: &[outbox_messages::Model], base: &str, delivering: bool) -> Markup {
    let subtitle = if delivering {
        "Messages are delivered over SMTP; this is what was queued and how it went."
    } else {
        "No SMTP server is configured (PORTAL_SMTP_URL), so messages stay here."
    };
    html! {
        (page_header("Outbox", Some(subtitle), None))
        section.panel {
            @if messages.is_empty() {
                (empty_state("No messages yet", "Messages appear here when a link is sent by email."))
            } @else {
                table.table.outbox {
                    thead { tr { th { "Queued" } th { "To" } th { "Subject" } th { "Kind" } th { "Delivery" } } }
                    tbody {
                        @for message in messages {
                            tr {
                                td { (timestamp(message.created_at)) }
                                td { (message.recipient_masked) }
                                td { a href=(format!("{base}/{}", message.public_id)) { (message.subject) } }
                                td { (message.kind.label()) }
                                td { (delivery(message)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// One message, opened.
pub struct MessageView<'a> {
    pub row: &'a outbox_messages::Model,
    pub to: &'a str,
    pub text: &'a str,
    pub html: &'a str,
    /// The http(s) links of the text part.
    pub links: &'a [String],
}

pub fn message_page(view: &MessageView<'_>, base: &str) -> Markup {
    let row = view.row;
    html! {
        (page_header(&row.subject, None, Some(html! { a.button.button-secondary href=(base) { "All messages" } })))
        section.panel {
            dl.details {
                dt { "To" } dd.message-to { (view.to) }
                dt { "Kind" } dd { (row.kind.label()) }
                dt { "Queued" } dd { (timestamp(row.created_at)) }
                dt { "Delivery" } dd { (delivery(row)) " (" (row.attempts) " tries)" }
            }
        }
        section.panel {
            h2 { "Links in this message" }
            ul.message-links {
                @for link in view.links {
                    li { a.message-link href=(link) rel="noreferrer" { (link) } }
                }
            }
        }
        section.panel {
            h2 { "Text part" }
            pre.message-text { (view.text) }
        }
        section.panel {
            h2 { "HTML part" }
            p.muted { "Shown in a sandboxed frame: no scripts, no access to this page." }
            iframe.message-html title="The message's HTML part" sandbox="" srcdoc=(view.html) {}
        }
    }
}

/// The messages about a link, on its page: what was sent to whom (masked) and how the
/// delivery went (queued, sent, failed with the server's reason).
pub fn link_messages(messages: &[outbox_messages::Model]) -> Markup {
    html! {
        @if !messages.is_empty() {
            section.panel.link-messages {
                h2 { "Messages" }
                table.table {
                    thead { tr { th { "Queued" } th { "Kind" } th { "To" } th { "Delivery" } } }
                    tbody {
                        @for message in messages {
                            tr {
                                td { (timestamp(message.created_at)) }
                                td { (message.kind.label()) }
                                td { (message.recipient_masked) }
                                td { (delivery(message)) }
                            }
                        }
                    }
                }
            }
        }
    }
}
