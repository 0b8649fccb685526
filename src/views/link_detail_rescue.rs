//! The link page's panels for a link past its active life: the rescue of an expired link
//! (extend, and reissue where the resume policy says so), and the note on a final one.

use maud::{html, Markup};

use crate::{
    domain::{Lifetime, LinkState},
    entities::links,
};

use super::components::{csrf_field, timestamp};

/// What extending an expired link will do to its inquiry, by the tenant's resume policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RescueOffer {
    /// Extending is all it takes (a static link, or an inquiry never started).
    Extend,
    /// Extending resumes the person's inquiry where they left off (or, if they never began
    /// it, starts it afresh).
    Resume,
    /// Extending moves the link to a new inquiry on the latest template version.
    Reissue,
    /// The policy refuses to resume the inquiry: a new link is needed.
    Refused,
}

/// Who ended a revoked or completed link, and when, as the audit trail tells.
pub struct Ending {
    pub by: String,
    pub at: i64,
}

fn extend_form(link: &links::Model, csrf_token: &str, button: &str) -> Markup {
    html! {
        form.inline-form method="post" action=(format!("/links/{}/extend", link.public_id)) {
            (csrf_field(csrf_token))
            label for="rescue-for" { "Extend for" }
            select id="rescue-for" name="extend_seconds" {
                @for (seconds, label) in Lifetime::PRESETS { option value=(seconds) { (label) } }
            }
            button.button.button-primary type="submit" { (button) }
        }
    }
}

/// The panel of an expired link: what extending does, and the button that does it.
pub fn rescue_panel(link: &links::Model, offer: RescueOffer, csrf_token: &str) -> Markup {
    html! {
        section.panel.panel-highlight {
            h2 { "This link has expired" }
            @match offer {
                RescueOffer::Extend => {
                    p { "Extend it and the same link works again." }
                    (extend_form(link, csrf_token, "Extend"))
                }
                RescueOffer::Resume => {
                    p { "Extend it and the person gets back in: an inquiry they started is resumed at the provider now, where they left off; one they never began starts afresh." }
                    (extend_form(link, csrf_token, "Extend"))
                }
                RescueOffer::Reissue => {
                    p { "The inquiry is older than your policy allows or on an outdated template version. Your policy reissues it: extending moves the link to a new inquiry on the latest version, with the same prefill and reference id." }
                    (extend_form(link, csrf_token, "Extend and reissue"))
                }
                RescueOffer::Refused => {
                    p { "The inquiry is older than your policy allows or on an outdated template version, and your policy refuses to resume it, so extending would not let the person in." }
                    p { a.button href="/links/new?kind=dedicated" { "Issue a new link" } " " a href="/settings" { "Change the policy" } }
                }
            }
        }
    }
}

/// The note on a revoked or completed link: it stays as it is.
pub fn final_note(link: &links::Model, ending: Option<&Ending>) -> Markup {
    let (title, what) = match link.state {
        LinkState::Revoked => ("This link is revoked", "Revoked"),
        _ => ("This link is completed", "Completed"),
    };
    html! {
        section.panel {
            h2 { (title) }
            p {
                @if let Some(ending) = ending {
                    (what) " by " strong { (ending.by) } " on " (timestamp(ending.at)) ". "
                }
                "It stays this way: it cannot be extended or reopened. Issue a new link if the person still needs one."
            }
        }
    }
}
