//! Pages an end user may see after following a link. They never show another person's
//! data, never carry a token in a URL they render, and tell the user what to do next.

use maud::{html, Markup};

use crate::domain::{Brand, InquiryStatus};

use super::layout::{bare, bare_branded};

fn message(title: &str, lead: &str, next: &str) -> Markup {
    message_with_recovery(title, lead, next, None)
}

/// A dead end with, where the link allows it (`recover`: the form's action), the form
/// that has a new one-time link emailed to the address on file (DESIGN 13.3).
fn message_with_recovery(title: &str, lead: &str, next: &str, recover: Option<&str>) -> Markup {
    bare(
        title,
        html! {
            h1 { (title) }
            p.lead { (lead) }
            p { (next) }
            @if let Some(action) = recover { (recovery_form(action)) }
        },
    )
}

/// "Email me a new link": a plain form (no script), like the Continue button.
fn recovery_form(action: &str) -> Markup {
    html! {
        form.stack.recovery method="post" action=(action) {
            p.hint { "Or have a new one-time link sent to the email address the company has on file for you, and open it on this device." }
            button.button.button-secondary.button-wide type="submit" { "Email me a new link" }
        }
    }
}

/// After "Email me a new link": where it went (masked).
pub fn recovery_sent(masked_email: &str) -> Markup {
    message(
        "Check your email",
        &format!("We sent a new one-time link to {masked_email}."),
        "Open it on the device you want to continue on. It works once; if it doesn't arrive within a few minutes, check your spam folder.",
    )
}

/// Who to ask for a new link: the tenant's support contact when it set one, else its name.
fn ask_for_a_new_link(brand: &Brand, ask: &str) -> Markup {
    html! {
        @match &brand.support {
            Some(support) => p { "Please " (ask) " from " (brand.name) ": " a href=(support.href()) { (support.label()) } "." },
            None => p { "Please contact " (brand.name) ", the company that sent you the link, and " (ask) "." },
        }
    }
}

/// After "Email me a new link", with no address on file: who to ask instead.
pub fn recovery_without_address(brand: &Brand) -> Markup {
    bare_branded(
        brand,
        "We can't email you a new link",
        html! {
            h1 { "We can't email you a new link" }
            p.lead { "There is no email address on file for this verification." }
            (ask_for_a_new_link(brand, "ask for a new one"))
        },
    )
}

/// After "Email me a new link" on an expired link the company does not extend this way.
pub fn recovery_expired(brand: &Brand) -> Markup {
    bare_branded(
        brand,
        "This link has expired",
        html! {
            h1 { "This link has expired" }
            p.lead { "For your security, verification links only work for a limited time, and this one can't be renewed by email." }
            (ask_for_a_new_link(brand, "ask for a fresh one"))
        },
    )
}

/// Over the limit of new links per hour.
pub fn too_many_recoveries() -> Markup {
    message(
        "Please check your email",
        "Several new links were already sent for this verification in the last hour.",
        "Use the latest one, or try again later.",
    )
}

pub fn unknown_link() -> Markup {
    message(
        "This link doesn't work",
        "We couldn't find a verification link at this address.",
        "Check that you copied the whole link from your email or message, or ask the company that sent it for a new one.",
    )
}

pub fn expired_link(recover: Option<&str>) -> Markup {
    message_with_recovery(
        "This link has expired",
        "For your security, verification links only work for a limited time.",
        "Ask the company that sent it for a fresh link.",
        recover,
    )
}

pub fn revoked_link() -> Markup {
    message(
        "This link is no longer valid",
        "The company that sent it has withdrawn this link.",
        "If you still need to verify your identity, ask them for a new link.",
    )
}

pub fn completed() -> Markup {
    message(
        "You're all done",
        "This verification has already been completed. There is nothing more to do.",
        "You can close this page.",
    )
}

pub fn not_yet_open() -> Markup {
    message(
        "This link isn't open yet",
        "The verification behind this link hasn't started accepting people yet.",
        "Please try again later, or contact the company that sent it.",
    )
}

pub fn paused() -> Markup {
    message(
        "This link is paused",
        "The company that published this link has paused it for now.",
        "Please try again later.",
    )
}

pub fn capped() -> Markup {
    message(
        "This link has reached its limit",
        "No more verifications can be started from this link.",
        "Ask the company that published it for another way to verify.",
    )
}

/// A static link's new visitors from one address are limited per hour (tenant policy), so
/// nobody can use up the provider's quota from one place.
pub fn too_many_new_visits() -> Markup {
    message(
        "Too many verifications from your network",
        "Many verifications were started from your network in the last hour, so new ones are paused for a while.",
        "Please try again later. If you already started one in this browser, the same link takes you back to it.",
    )
}

pub fn provider_unavailable() -> Markup {
    message(
        "Verification is temporarily unavailable",
        "We couldn't reach the verification service just now. Nothing was lost.",
        "Please try the same link again in a moment.",
    )
}

pub fn fresh_link_needed(recover: Option<&str>) -> Markup {
    message_with_recovery(
        "Continue on the device where you started",
        "This verification was started in another browser. To protect the personal details in it, it can only be continued there.",
        "If that isn't possible, ask the company that sent you the link for a fresh access link.",
        recover,
    )
}

pub fn finish_in_one_sitting() -> Markup {
    message(
        "This verification can't be resumed",
        "This verification had to be finished in one sitting, and it was interrupted.",
        "Ask the company that sent you the link for a new one.",
    )
}

pub fn locked() -> Markup {
    message(
        "This link is locked",
        "Too many wrong access codes were entered, so this link was locked to protect the person it belongs to.",
        "Ask the company that sent it to unlock it or send a new link.",
    )
}

pub fn refused_old_version(recover: Option<&str>) -> Markup {
    message_with_recovery(
        "This verification needs to be restarted",
        "The verification behind this link is out of date and can't be continued.",
        "Ask the company that sent it for a new link.",
        recover,
    )
}

pub fn access_link_used() -> Markup {
    message(
        "This access link was already used",
        "One-time access links work once, in the browser that opened them first.",
        "Use the original link in that browser, or ask for a new access link.",
    )
}

/// What happens after the person presses Continue, as the Continue page tells them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterContinue {
    /// The link opens again on this device, where the person left off.
    Resumable,
    /// The verification is finished in one sitting (`resume_on_click = never`).
    OneSitting,
    /// Every visit starts a new verification (a static link marked `always_new`).
    NewEachVisit,
    /// A one-time access link: pressing Continue uses it up, and the browser keeps access.
    OneTimeLink,
}

/// First contact with a link (DESIGN 13.1): nothing has happened yet, and only the
/// person's press of the button (a POST to `action`) starts the verification. A plain
/// form, with no script, autofocus or refresh, so a mail scanner that opens the page
/// (even one that runs JavaScript) starts nothing.
pub fn continue_page(brand: &Brand, action: &str, after: AfterContinue) -> Markup {
    let later = match after {
        AfterContinue::Resumable => {
            "If you stop halfway, open this link again on this device to pick up where you left off."
        }
        AfterContinue::OneSitting => {
            "Please finish in one sitting: once started, this verification can't be picked up again later."
        }
        AfterContinue::NewEachVisit => {
            "Each visit to this link starts a new verification, so finish it in one go."
        }
        AfterContinue::OneTimeLink => {
            "This access link works once. After you continue, your original link works on this device."
        }
    };
    bare_branded(
        brand,
        "Verify your identity",
        html! {
            h1 { "Verify your identity" }
            p.lead { (brand.name) " asks you to verify your identity." }
            h2 { "What happens next" }
            ul.next-steps {
                li { "You go on to a secure verification page, where you confirm your details and may be asked to photograph an identity document." }
                li { "It usually takes a few minutes." }
                li { (later) }
            }
            form method="post" action=(action) {
                button.button.button-primary.button-wide type="submit" { "Continue to identity verification" }
            }
            p.hint.continue-hint { "Nothing starts until you press the button." }
        },
    )
}

/// A POST to a link that another website sent: refused, and nothing was started.
pub fn continue_from_elsewhere() -> Markup {
    message(
        "Open the link again",
        "This request came from another website, so nothing was started.",
        "To continue, open the link from your email or message again and press the button on its page.",
    )
}

/// The access-code form for a browser the link is not bound to.
pub fn access_code_form(action: &str, recover: Option<&str>, error: Option<&str>) -> Markup {
    bare(
        "Enter your access code",
        html! {
            h1 { "Enter your access code" }
            p.lead { "This verification was started in another browser. Enter the access code you received separately to continue here." }
            @if let Some(error) = error { div.flash.flash-error role="alert" { (error) } }
            form.stack method="post" action=(action) {
                div.field {
                    label for="field-code" { "Access code" }
                    input id="field-code" name="code" type="text" inputmode="text" autocomplete="one-time-code" required;
                }
                button.button.button-primary.button-wide type="submit" { "Continue" }
            }
            @if let Some(action) = recover { (recovery_form(action)) }
        },
    )
}

/// `/done`: where the hosted flow sends the browser at the end.
pub fn outcome(status: Option<InquiryStatus>) -> Markup {
    let (title, lead) = match status {
        Some(InquiryStatus::Completed | InquiryStatus::Approved) => (
            "Thank you, you're done",
            "Your verification was submitted. The company that asked for it will be in touch if they need anything else.",
        ),
        Some(InquiryStatus::Failed | InquiryStatus::Declined) => (
            "We couldn't verify you this time",
            "Your verification didn't go through. The company that asked for it will tell you what to do next.",
        ),
        Some(InquiryStatus::NeedsReview) => (
            "Your verification is being reviewed",
            "We'll let the company that asked for it know as soon as the review is finished.",
        ),
        _ => (
            "Verification finished",
            "You can close this page. If you still have questions, contact the company that sent you the link.",
        ),
    };
    message(title, lead, "You can close this page now.")
}
