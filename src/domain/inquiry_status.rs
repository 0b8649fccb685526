//! Where an inquiry is in the provider's lifecycle: the `inquiries.status` column, and the
//! statuses the provider client hands to the portal.

use super::stored_enum::stored_enum;

stored_enum! {
    /// `created` → `pending` (started; from here the flow needs a session token) →
    /// `completed` | `failed` | `expired`; after a decision `approved`, `declined`,
    /// `needs_review`. Declared in lifecycle order, outcomes last: `ALL` is the order the
    /// dashboard counts them in.
    pub enum InquiryStatus {
        Created = "created",
        Pending = "pending",
        Completed = "completed",
        Approved = "approved",
        Declined = "declined",
        NeedsReview = "needs_review",
        Failed = "failed",
        Expired = "expired",
    }
}

impl InquiryStatus {
    /// How far along the lifecycle a status is. Used only to break ties between
    /// observations stamped with the same second (the provider's events often are:
    /// `created` and `started` land together), so that the later step wins whatever order
    /// they arrive in.
    pub fn rank(self) -> u8 {
        match self {
            Self::Created => 0,
            Self::Pending => 1,
            Self::Expired => 2,
            Self::Completed | Self::Failed => 3,
            Self::NeedsReview => 4,
            Self::Approved | Self::Declined => 5,
        }
    }

    /// The end user has nothing left to do: the provider answers 409 to a resume, and the
    /// end user is shown the outcome.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            Self::Completed | Self::Failed | Self::Approved | Self::Declined | Self::NeedsReview
        )
    }

    /// The end user may still continue, through a resume if need be.
    pub fn is_resumable(self) -> bool {
        !self.is_terminal()
    }

    /// The end user may be in the flow right now: the reconciler keeps asking about it, and
    /// a returning visitor of a static link gets it back.
    pub fn is_in_progress(self) -> bool {
        matches!(self, Self::Created | Self::Pending)
    }

    /// Loading the hosted flow needs a session token (a `created` inquiry opens without one).
    pub fn needs_session_token(self) -> bool {
        matches!(self, Self::Pending)
    }

    pub fn is_decided(self) -> bool {
        matches!(self, Self::Approved | Self::Declined)
    }

    /// The end user started the flow: `pending`, or any outcome reached from there.
    pub fn has_started(self) -> bool {
        !matches!(self, Self::Created | Self::Expired)
    }

    /// The end user got through the flow: completed, or decided or sent to review after
    /// completing.
    pub fn has_completed_flow(self) -> bool {
        matches!(
            self,
            Self::Completed | Self::Approved | Self::Declined | Self::NeedsReview
        )
    }

    /// The statuses for which `test` holds, for a query's `IN (…)`.
    pub fn all_where(test: impl Fn(Self) -> bool) -> Vec<Self> {
        Self::ALL
            .into_iter()
            .filter(|status| test(*status))
            .collect()
    }
}

#[cfg(test)]
#[path = "../../tests/unit/domain_inquiry_status.rs"]
mod tests;
