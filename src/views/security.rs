//! `/account/security`: the second factor's set-up, recovery codes and removal.

use maud::{html, Markup};

use super::{
    components::{csrf_field, page_header, timestamp, Field},
    passkeys::{passkeys_panel, PasskeyRow},
};

/// A secret being set up (its QR code is served at `/account/security/qr.svg`).
pub struct Enrolment {
    pub secret: String,
}

pub struct SecurityView<'a> {
    pub csrf_token: &'a str,
    pub enrolled_at: Option<i64>,
    pub recovery_left: Option<usize>,
    pub enrolment: Option<&'a Enrolment>,
    /// Recovery codes just made: shown this once.
    pub recovery_codes: Option<&'a [String]>,
    pub code_error: Option<&'a str>,
    /// Signed in, but must set up a second factor before anything else.
    pub must_enrol: bool,
    /// For owners: whether the tenant requires a second factor.
    pub tenant_requires: Option<bool>,
    pub operators_required: bool,
    pub passkeys: &'a [PasskeyRow<'a>],
    /// Whether passkeys work here (the public URL names a domain).
    pub passkeys_available: bool,
}

pub fn security_page(view: SecurityView<'_>) -> Markup {
    html! {
        (page_header("Security", Some("A second factor keeps your account safe when a password leaks."), None))
        @if view.must_enrol {
            div.flash.flash-error role="alert" {
                "A second factor is required for your account. Set up an authenticator app or add a passkey to continue."
            }
        }
        @if let Some(codes) = view.recovery_codes {
            section.panel.panel-highlight {
                h2 { "Your recovery codes" }
                p { "Each code signs you in once when you do not have your phone. This is the only time they are shown: print them or store them in a password manager." }
                ul.recovery-codes { @for code in codes { li { code { (code) } } } }
            }
        }
        section.panel {
            h2 { "Authenticator app" }
            @match (view.enrolled_at, view.enrolment) {
                (Some(at), _) => (enrolled(&view, at)),
                (None, Some(enrolment)) => (confirm_form(&view, enrolment)),
                (None, None) => {
                    p { "Use an app such as 1Password, Google Authenticator or Authy to make a new 6-digit code every 30 seconds." }
                    form method="post" action="/account/security/totp" {
                        (csrf_field(view.csrf_token))
                        button.button.button-primary type="submit" { "Set up an authenticator app" }
                    }
                }
            }
        }
        (passkeys_panel(view.csrf_token, view.passkeys, view.passkeys_available))
        @if let Some(required) = view.tenant_requires { (tenant_policy(view.csrf_token, required)) }
        @if view.operators_required { p.hint { "The portal requires a second factor of every operator." } }
    }
}

fn enrolled(view: &SecurityView<'_>, at: i64) -> Markup {
    html! {
        p { "Set up " (timestamp(at)) ". " (view.recovery_left.unwrap_or(0)) " recovery codes left." }
        form.stack.narrow method="post" action="/account/security/totp/remove" {
            (csrf_field(view.csrf_token))
            (Field::new("code", "Code to remove it").hint("A current code from the app, or a recovery code.")
                .error(view.code_error).autocomplete("one-time-code").render())
            button.button.button-danger type="submit" { "Remove the second factor" }
        }
    }
}

fn confirm_form(view: &SecurityView<'_>, enrolment: &Enrolment) -> Markup {
    html! {
        p { "Scan this code with your app, or type the key by hand." }
        img.qr src="/account/security/qr.svg" alt="QR code of the authenticator key" width="200" height="200";
        p { "Key: " code { (enrolment.secret) } }
        form.stack.narrow method="post" action="/account/security/totp/confirm" {
            (csrf_field(view.csrf_token))
            @if let Some(error) = view.code_error {
                div.error-summary role="alert" { h2 { "There is a problem" } ul { li { a href="#field-code" { (error) } } } }
            }
            (Field::new("code", "Code from the app").error(view.code_error).autocomplete("one-time-code").render())
            button.button.button-primary type="submit" { "Confirm" }
        }
    }
}

fn tenant_policy(csrf_token: &str, required: bool) -> Markup {
    html! {
        section.panel {
            h2 { "Your team" }
            form.stack method="post" action="/account/security/tenant-policy" {
                (csrf_field(csrf_token))
                label.checkbox {
                    input type="checkbox" name="required" value="true" checked[required];
                    " Require a second factor of everyone in this tenant (people without one set it up at their next sign-in)"
                }
                button.button type="submit" { "Save" }
            }
        }
    }
}
