//! Where an outbox message is in its delivery: the `outbox_messages.state` column.

use super::stored_enum::stored_enum;

stored_enum! {
    /// A message is written `Queued` with the action that causes it; the worker delivers it
    /// (`Sent`) or gives up on a permanent refusal (`Failed`, with the server's reason).
    pub enum MessageState {
        /// Waiting for delivery (or for its next try after a temporary refusal).
        Queued = "queued",
        /// The SMTP server accepted it.
        Sent = "sent",
        /// Refused for good (a 5xx answer, or an address the server would never take).
        Failed = "failed",
    }
}

#[cfg(test)]
#[path = "../../tests/unit/domain_message_state.rs"]
mod tests;
