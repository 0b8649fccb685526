use maud::{html, Markup};

use super::{
    components::{csrf_field, Field},
    layout::bare,
};

pub fn login_page(csrf_token: &str, email: &str, error: Option<&str>) -> Markup {
    bare(
        "Log in",
        html! {
            h1 { "Log in" }
            p.lead { "Issue and manage verification links for your end users." }
            @if let Some(error) = error { div.flash.flash-error role="alert" { (error) } }
            form.stack method="post" action="/login" {
                (csrf_field(csrf_token))
                (Field::new("email", "Email").kind("email").value(email).autocomplete("username").render())
                (Field::new("password", "Password").kind("password").autocomplete("current-password").required(false).render())
                button.button.button-primary.button-wide type="submit" { "Log in" }
                (super::sso::login_choice())
            }
        },
    )
}

/// The second step of signing in: a code from the authenticator app, or a recovery code.
pub fn second_factor_page(csrf_token: &str, error: Option<&str>) -> Markup {
    bare(
        "Second step",
        html! {
            h1 { "Enter your code" }
            p.lead { "Open your authenticator app and enter the 6-digit code for this portal. Lost your phone? Enter one of your recovery codes." }
            @if let Some(error) = error { div.flash.flash-error role="alert" { (error) } }
            form.stack method="post" action="/login/second-factor" {
                (csrf_field(csrf_token))
                (Field::new("code", "Code").autocomplete("one-time-code").error(error).render())
                button.button.button-primary.button-wide type="submit" { "Continue" }
            }
            p { a href="/login" { "Start again" } }
        },
    )
}
