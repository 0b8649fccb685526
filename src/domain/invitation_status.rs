//! Where an invitation stands, as the owner's list shows it (derived, not stored).

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvitationStatus {
    Pending,
    Accepted,
    Expired,
}

impl InvitationStatus {
    /// The status of an invitation accepted at `accepted_at` (if ever) and expiring at
    /// `expires_at`, at `now` (unix seconds).
    pub fn of(accepted_at: Option<i64>, expires_at: i64, now: i64) -> Self {
        if accepted_at.is_some() {
            InvitationStatus::Accepted
        } else if expires_at <= now {
            InvitationStatus::Expired
        } else {
            InvitationStatus::Pending
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            InvitationStatus::Pending => "pending",
            InvitationStatus::Accepted => "accepted",
            InvitationStatus::Expired => "expired",
        }
    }

    /// The badge tone.
    pub fn tone(self) -> &'static str {
        match self {
            InvitationStatus::Pending => "warning",
            InvitationStatus::Accepted => "success",
            InvitationStatus::Expired => "neutral",
        }
    }
}
