use maud::{html, Markup};

use super::{
    components::{csrf_field, Field},
    layout::bare,
    passkeys,
};

/// How a half-signed-in user can pass the second step.
#[derive(Clone, Copy)]
pub struct SecondStepMethods {
    /// A code from an authenticator app, or a recovery code.
    pub codes: bool,
    pub passkey: bool,
}

/// The login page; `next` (an invitation's page) is where a sign-in continues, and
/// `passkey_sign_in` adds "Sign in with a passkey" (where passkeys work).
pub fn login_page(
    csrf_token: &str,
    email: &str,
    error: Option<&str>,
    next: Option<&str>,
    passkey_sign_in: bool,
) -> Markup {
    let action = match next {
        Some(next) => format!("/login?next={next}"),
        None => "/login".to_owned(),
    };
    bare(
        "Log in",
        html! {
            h1 { "Log in" }
            p.lead { "Issue and manage verification links for your end users." }
            @if let Some(error) = error { div.flash.flash-error role="alert" { (error) } }
            form.stack method="post" action=(action) {
                (csrf_field(csrf_token))
                (Field::new("email", "Email").kind("email").value(email).autocomplete("username").render())
                (Field::new("password", "Password").kind("password").autocomplete("current-password").required(false).render())
                button.button.button-primary.button-wide type="submit" { "Log in" }
                (super::sso::login_choice())
            }
            @if passkey_sign_in { (passkeys::sign_in_button(csrf_token)) }
        },
    )
}

/// The second step of signing in: a code from the authenticator app, a recovery code, or
/// a passkey.
pub fn second_factor_page(
    csrf_token: &str,
    error: Option<&str>,
    methods: SecondStepMethods,
) -> Markup {
    bare(
        "Second step",
        html! {
            @if methods.codes {
                h1 { "Enter your code" }
                p.lead { "Open your authenticator app and enter the 6-digit code for this portal. Lost your phone? Enter one of your recovery codes." }
            } @else {
                h1 { "Use your passkey" }
                p.lead { "Confirm that it is you with one of your passkeys." }
            }
            @if let Some(error) = error { div.flash.flash-error role="alert" { (error) } }
            @if methods.codes {
                form.stack method="post" action="/login/second-factor" {
                    (csrf_field(csrf_token))
                    (Field::new("code", "Code").autocomplete("one-time-code").error(error).render())
                    button.button.button-primary.button-wide type="submit" { "Continue" }
                }
            }
            @if methods.passkey { (passkeys::second_step_button(csrf_token, methods.codes)) }
            p { a href="/login" { "Start again" } }
        },
    )
}
