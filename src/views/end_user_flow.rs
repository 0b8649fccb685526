//! The end-user pages on the way into the flow and back: the Continue page, the
//! access-code form and the outcome page at `/done`.

use maud::html;

use crate::domain::InquiryStatus;

use super::end_user::View;

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

impl AfterContinue {
    fn key(self) -> &'static str {
        match self {
            AfterContinue::Resumable => "continue-later-resumable",
            AfterContinue::OneSitting => "continue-later-one-sitting",
            AfterContinue::NewEachVisit => "continue-later-new-each-visit",
            AfterContinue::OneTimeLink => "continue-later-one-time-link",
        }
    }
}

/// First contact with a link (DESIGN 13.1): nothing has happened yet, and only the
/// person's press of the button (a POST to `action`) starts the verification. A plain
/// form, with no script, autofocus or refresh, so a mail scanner that opens the page
/// (even one that runs JavaScript) starts nothing.
pub fn continue_page(action: &str, after: AfterContinue) -> View {
    let action = action.to_owned();
    Box::new(move |ctx| {
        let title = ctx.t("continue-title");
        let lead = match ctx.brand.as_deref() {
            Some(brand) => ctx.t_with("continue-lead", &[("company", &brand.name)]),
            None => ctx.t("continue-lead-anyone").into_owned(),
        };
        ctx.page(
            &title,
            html! {
                h1 { (title) }
                p.lead { (lead) }
                h2 { (ctx.t("continue-next-heading")) }
                ul.next-steps {
                    li { (ctx.t("continue-step-page")) }
                    li { (ctx.t("continue-step-time")) }
                    li { (ctx.t(after.key())) }
                }
                form method="post" action=(action) {
                    button.button.button-primary.button-wide type="submit" { (ctx.t("continue-button")) }
                }
                p.hint.continue-hint { (ctx.t("continue-hint")) }
            },
        )
    })
}

/// Why the access-code form is shown again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccessCodeError {
    /// The form came back empty (or absurdly long).
    Empty,
    /// A wrong code, with this many attempts left before the link locks.
    Wrong { attempts_left: i32 },
}

/// The access-code form for a browser the link is not bound to.
pub fn access_code_form(
    action: &str,
    recover: Option<&str>,
    error: Option<AccessCodeError>,
) -> View {
    let action = action.to_owned();
    let recover = recover.map(str::to_owned);
    Box::new(move |ctx| {
        let title = ctx.t("access-code-title");
        let error = error.map(|error| match error {
            AccessCodeError::Empty => ctx.t("access-code-empty").into_owned(),
            AccessCodeError::Wrong { attempts_left } => i18n_count(ctx, attempts_left),
        });
        ctx.page(
            &title,
            html! {
                h1 { (title) }
                p.lead { (ctx.t("access-code-lead")) }
                @if let Some(error) = &error { div.flash.flash-error role="alert" { (error) } }
                form.stack method="post" action=(action) {
                    div.field {
                        label for="field-code" { (ctx.t("access-code-label")) }
                        input id="field-code" name="code" type="text" inputmode="text" autocomplete="one-time-code" required;
                    }
                    button.button.button-primary.button-wide type="submit" { (ctx.t("access-code-button")) }
                }
                @if let Some(action) = &recover { (super::end_user::recovery_form_of(ctx, action)) }
            },
        )
    })
}

fn i18n_count(ctx: &super::end_user::EndUserContext, left: i32) -> String {
    crate::i18n::text_with_count(ctx.language, "access-code-wrong", "left", i64::from(left))
}

/// `/done`: where the hosted flow sends the browser at the end.
pub fn outcome(status: Option<InquiryStatus>) -> View {
    let key = match status {
        Some(InquiryStatus::Completed | InquiryStatus::Approved) => "outcome-done",
        Some(InquiryStatus::Failed | InquiryStatus::Declined) => "outcome-failed",
        Some(InquiryStatus::NeedsReview) => "outcome-review",
        _ => "outcome-finished",
    };
    Box::new(move |ctx| {
        let title = ctx.t(&format!("{key}-title"));
        ctx.page(
            &title,
            html! {
                h1 { (title) }
                p.lead { (ctx.t(&format!("{key}-lead"))) }
                p { (ctx.t("outcome-close")) }
            },
        )
    })
}
