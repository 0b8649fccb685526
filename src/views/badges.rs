//! The badges of the stored enums (link state and kind, inquiry status), coloured the same
//! wherever they are shown and by one rule: grey not started, blue under way, amber needs
//! someone, green finished well, red ended without success.

use maud::Markup;

use crate::domain::{InquiryStatus, LinkKind, LinkState};

use super::components::badge;

pub fn state_badge(state: LinkState) -> Markup {
    let tone = match state {
        LinkState::Active => "info",
        LinkState::Completed => "success",
        LinkState::Paused => "warning",
        LinkState::Revoked | LinkState::Expired => "danger",
    };
    badge(state.as_str(), tone)
}

pub fn kind_badge(kind: LinkKind) -> Markup {
    badge(kind.as_str(), "neutral")
}

/// The colour of an inquiry status wherever it is shown.
pub fn status_tone(status: InquiryStatus) -> &'static str {
    match status {
        InquiryStatus::Completed | InquiryStatus::Approved => "success",
        InquiryStatus::Failed | InquiryStatus::Declined | InquiryStatus::Expired => "danger",
        InquiryStatus::Pending => "info",
        InquiryStatus::NeedsReview => "warning",
        InquiryStatus::Created => "neutral",
    }
}

/// The status as a badge in words (`needs review`), wherever inquiries are listed.
pub fn status_badge(status: InquiryStatus) -> Markup {
    badge(&status_words(status), status_tone(status))
}

/// The status as words (`needs review`), for the cards and summaries that count them.
pub fn status_words(status: InquiryStatus) -> String {
    status.as_str().replace('_', " ")
}
