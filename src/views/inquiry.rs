//! One inquiry: where its person stands, which link it belongs to, and its history.

use std::collections::HashMap;

use maud::{html, Markup};

use crate::entities::{audit_events, inquiries};

use super::{
    badges::status_badge,
    components::{page_header, timestamp},
    timeline::link_timeline,
};

pub fn inquiry_page(
    inquiry: &inquiries::Model,
    link_public_id: Option<&str>,
    events: &[audit_events::Model],
    names: &HashMap<String, String>,
) -> Markup {
    html! {
        (page_header(&inquiry.provider_inquiry_id, Some("Inquiry at the provider"), None))
        section.panel {
            dl.details {
                dt { "Status" } dd { (status_badge(inquiry.status)) }
                dt { "Link" } dd {
                    @if let Some(link) = link_public_id { a href=(format!("/links/{link}")) { code { (link) } } }
                    @else { "—" }
                }
                dt { "Reference id" } dd { (inquiry.reference_id.as_deref().unwrap_or("—")) }
                dt { "Template version" } dd { code { (inquiry.template_version_id.as_deref().unwrap_or("—")) } }
                dt { "Expires" } dd { @if let Some(at) = inquiry.expires_at { (timestamp(at)) } @else { "—" } }
                dt { "Resumes" } dd { (inquiry.resume_count) }
                dt { "Session token" } dd {
                    @match inquiry.session_token_expires_at {
                        Some(at) => { "stored (encrypted), valid until " (timestamp(at)) }
                        None => "none stored",
                    }
                }
                dt { "Created" } dd { (timestamp(inquiry.created_at)) }
                dt { "Last change" } dd { (timestamp(inquiry.updated_at)) }
            }
        }
        section.panel {
            h2 { "History" }
            (link_timeline(events, names))
        }
    }
}
