//! What an outbox message carries: the `outbox_messages.kind` column.

use super::stored_enum::stored_enum;

stored_enum! {
    /// What a message carries.
    pub enum MessageKind {
        /// The link itself, sent by an issuer or the tenant's backend.
        Link = "link",
        /// A one-time access link sent by an issuer.
        AccessLink = "access_link",
        /// A reminder before the link expires.
        Reminder = "reminder",
        /// A one-time access link the person asked for on a dead-end page.
        Recovery = "recovery",
        /// An owner's invitation to join their tenant on the portal.
        Invitation = "invitation",
    }
}

impl MessageKind {
    /// How the outbox viewer names it.
    pub fn label(self) -> &'static str {
        match self {
            MessageKind::Link => "Link",
            MessageKind::AccessLink => "One-time access link",
            MessageKind::Reminder => "Reminder",
            MessageKind::Recovery => "Self-service recovery",
            MessageKind::Invitation => "Invitation",
        }
    }
}
