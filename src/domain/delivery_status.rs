//! Where one delivery of an event to one endpoint is: `webhook_deliveries.status`.

use super::stored_enum::stored_enum;

stored_enum! {
    /// `Queued` until an attempt succeeds (`Delivered`) or the retry schedule is used up
    /// (`Exhausted`); a replay makes any delivery `Queued` again.
    pub enum DeliveryStatus {
        /// Waiting for its next attempt (the first one, or a retry after a failure).
        Queued = "queued",
        /// The endpoint answered 2xx.
        Delivered = "delivered",
        /// Every attempt of the schedule failed; only a replay sends it again.
        Exhausted = "exhausted",
    }
}
