//! Where a link is in its life: the `links.state` column.

use super::stored_enum::stored_enum;

stored_enum! {
    /// A link is issued `Active`; an issuer may pause (and resume) or revoke it; it expires
    /// when its time passes and completes when its dedicated inquiry finishes.
    pub enum LinkState {
        /// Clicks go through.
        Active = "active",
        /// Halted by an issuer until resumed; clicks get a "paused" page.
        Paused = "paused",
        /// Its dedicated inquiry finished (completed or approved).
        Completed = "completed",
        /// Its time passed; an issuer may extend it.
        Expired = "expired",
        /// Final: every click gets the "no longer valid" page.
        Revoked = "revoked",
    }
}

impl LinkState {
    /// Active or paused: clicks may still go through (now or after a resume), so it can
    /// expire, be extended and be acted on.
    pub fn is_open(self) -> bool {
        matches!(self, LinkState::Active | LinkState::Paused)
    }

    /// A state typed by a person or sent to the API (the links list's filter).
    pub fn parse(input: &str) -> Result<Self, String> {
        Self::from_stored(input.trim())
            .ok_or_else(|| "status must be active, paused, completed, expired or revoked.".into())
    }
}

#[cfg(test)]
#[path = "../../tests/unit/domain_link_state.rs"]
mod tests;
