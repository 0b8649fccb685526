//! Pages an end user may see after following a link. They never show another person's
//! data, never carry a token in a URL they render, and tell the user what to do next, in
//! the person's language and the brand of the tenant that sent the link (DESIGN 13.6).
//!
//! Each page is a [`View`]: the services decide which page, the edge renders it once it
//! knows the person's language and the tenant's brand (from the brand cache).

use std::{borrow::Cow, sync::Arc};

use maud::{html, Markup};

use crate::{
    domain::{Brand, Language},
    i18n,
};

use super::layout;

/// Who a page is shown to: the tenant's brand (none for a token that matches nothing)
/// and the person's language.
#[derive(Clone, Debug)]
pub struct EndUserContext {
    pub brand: Option<Arc<Brand>>,
    pub language: Language,
}

impl EndUserContext {
    pub(super) fn t(&self, key: &str) -> Cow<'static, str> {
        i18n::text(self.language, key)
    }

    pub(super) fn t_with(&self, key: &str, args: &[(&str, &str)]) -> String {
        i18n::text_with(self.language, key, args)
    }

    pub(super) fn page(&self, title: &str, content: Markup) -> Markup {
        layout::end_user(self.brand.as_deref(), self.language, title, content)
    }
}

/// An end-user page waiting for its context.
pub type View = Box<dyn FnOnce(&EndUserContext) -> Markup>;

/// A dead end: `{key}-title`, `{key}-lead` and `{key}-next`.
fn message(key: &'static str) -> View {
    message_with_recovery(key, None)
}

/// A dead end with, where the link allows it (`recover`: the form's action), the form
/// that has a new one-time link emailed to the address on file (DESIGN 13.3).
fn message_with_recovery(key: &'static str, recover: Option<&str>) -> View {
    let recover = recover.map(str::to_owned);
    Box::new(move |ctx| {
        let title = ctx.t(&format!("{key}-title"));
        ctx.page(
            &title,
            html! {
                h1 { (title) }
                p.lead { (ctx.t(&format!("{key}-lead"))) }
                p { (ctx.t(&format!("{key}-next"))) }
                @if let Some(action) = &recover { (recovery_form_of(ctx, action)) }
            },
        )
    })
}

/// "Email me a new link": a plain form (no script), like the Continue button.
pub(super) fn recovery_form_of(ctx: &EndUserContext, action: &str) -> Markup {
    html! {
        form.stack.recovery method="post" action=(action) {
            p.hint { (ctx.t("recovery-form-hint")) }
            button.button.button-secondary.button-wide type="submit" { (ctx.t("recovery-form-button")) }
        }
    }
}

/// After "Email me a new link": where it went (masked).
pub fn recovery_sent(masked_email: &str) -> View {
    let masked_email = masked_email.to_owned();
    Box::new(move |ctx| {
        let title = ctx.t("recovery-sent-title");
        ctx.page(
            &title,
            html! {
                h1 { (title) }
                p.lead { (ctx.t_with("recovery-sent-lead", &[("email", &masked_email)])) }
                p { (ctx.t("recovery-sent-next")) }
            },
        )
    })
}

/// Who to ask for a new link (`key`: what to ask for): the tenant's support contact when
/// it set one, else its name.
fn ask_for_a_new_link(ctx: &EndUserContext, key: &str) -> Markup {
    let Some(brand) = ctx.brand.as_deref() else {
        return html! { p { (ctx.t(&format!("{key}-anyone"))) } };
    };
    let company = [("company", brand.name.as_str())];
    html! {
        @match &brand.support {
            Some(support) => p {
                (ctx.t_with(&format!("{key}-support"), &company)) " "
                a href=(support.href()) { (support.label()) }
            },
            None => p { (ctx.t_with(&format!("{key}-contact"), &company)) },
        }
    }
}

/// A dead end that names who to ask (`ask`: the message family of the request).
fn ask_page(key: &'static str, ask: &'static str) -> View {
    Box::new(move |ctx| {
        let title = ctx.t(&format!("{key}-title"));
        ctx.page(
            &title,
            html! {
                h1 { (title) }
                p.lead { (ctx.t(&format!("{key}-lead"))) }
                (ask_for_a_new_link(ctx, ask))
            },
        )
    })
}

/// After "Email me a new link", with no address on file: who to ask instead.
pub fn recovery_without_address() -> View {
    ask_page("recovery-without-address", "ask-new-link")
}

/// After "Email me a new link" on an expired link the company does not extend this way.
pub fn recovery_expired() -> View {
    ask_page("recovery-expired", "ask-fresh-link")
}

/// Over the limit of new links per hour.
pub fn too_many_recoveries() -> View {
    message("too-many-recoveries")
}

pub fn unknown_link() -> View {
    message("unknown-link")
}

pub fn expired_link(recover: Option<&str>) -> View {
    message_with_recovery("expired-link", recover)
}

pub fn revoked_link() -> View {
    message("revoked-link")
}

pub fn completed() -> View {
    message("link-completed")
}

pub fn not_yet_open() -> View {
    message("not-yet-open")
}

pub fn paused() -> View {
    message("link-paused")
}

pub fn capped() -> View {
    message("capped")
}

/// A static link's new visitors from one address are limited per hour (tenant policy), so
/// nobody can use up the provider's quota from one place.
pub fn too_many_new_visits() -> View {
    message("too-many-new-visits")
}

pub fn provider_unavailable() -> View {
    message("provider-unavailable")
}

pub fn fresh_link_needed(recover: Option<&str>) -> View {
    message_with_recovery("fresh-link-needed", recover)
}

pub fn finish_in_one_sitting() -> View {
    message("finish-in-one-sitting")
}

pub fn locked() -> View {
    message("locked")
}

pub fn refused_old_version(recover: Option<&str>) -> View {
    message_with_recovery("refused-old-version", recover)
}

pub fn access_link_used() -> View {
    message("access-link-used")
}

/// A POST to a link that another website sent: refused, and nothing was started.
pub fn continue_from_elsewhere() -> View {
    message("continue-from-elsewhere")
}

pub use super::end_user_flow::{
    access_code_form, continue_page, outcome, AccessCodeError, AfterContinue,
};

#[cfg(test)]
#[path = "../../tests/unit/views_end_user.rs"]
mod tests;
