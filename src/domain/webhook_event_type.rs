//! What a tenant webhook announces: the `webhook_events.event_type` column and the `type`
//! of every delivered body (DESIGN 13.4).

use super::stored_enum::stored_enum;

stored_enum! {
    /// The events a tenant's endpoint may subscribe to.
    pub enum WebhookEventType {
        /// A link was issued (UI or API).
        LinkIssued = "link.issued",
        /// The first contact: a browser was bound to the link (or, for a static link, got
        /// its inquiry).
        LinkOpened = "link.opened",
        /// The expiry job found the link's time passed.
        LinkExpired = "link.expired",
        LinkRevoked = "link.revoked",
        LinkExtended = "link.extended",
        /// The provider reported a new status for an inquiry.
        InquiryStatusChanged = "inquiry.status_changed",
        /// The end user finished the inquiry's flow.
        InquiryCompleted = "inquiry.completed",
        /// An end user got their access back (recovery).
        AccessRecovered = "access.recovered",
        /// An email or other message to an end user could not be delivered.
        MessageFailed = "message.failed",
    }
}

impl WebhookEventType {
    /// A comma-separated filter as typed or sent (`link.issued, inquiry.completed`);
    /// empty means every event. Unknown names are refused with the list of known ones.
    pub fn parse_filter(input: &str) -> Result<Vec<Self>, String> {
        let mut types = Vec::new();
        for name in input.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let kind = Self::from_stored(name).ok_or_else(|| {
                let known: Vec<&str> = Self::ALL.iter().map(|t| t.as_str()).collect();
                format!("“{name}” is not an event; use {}.", known.join(", "))
            })?;
            if !types.contains(&kind) {
                types.push(kind);
            }
        }
        Ok(types)
    }

    /// The stored form of a filter: the names joined by commas, empty for every event.
    pub fn join(types: &[Self]) -> String {
        types
            .iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }
}
