//! The page behind an invitation's link: set a password (a new address), sign in as the
//! invited login, accept, or why the link no longer works.

use maud::{html, Markup};

use super::{
    components::{csrf_field, Field},
    layout::bare,
};

/// What the invitation page shows.
pub enum AcceptView<'a> {
    /// A new address: choose a password.
    SetPassword {
        csrf_token: &'a str,
        error: Option<&'a str>,
    },
    /// The address has a login and nobody (or someone else) is signed in here.
    SignIn {
        masked_email: &'a str,
        signed_in_as_other: bool,
    },
    /// Signed in as the invited login: one button.
    Accept { csrf_token: &'a str },
}

/// The invitation's page; `token` is the path's token, `role` the invited role.
pub fn accept_page(tenant_name: &str, role: &str, token: &str, view: AcceptView<'_>) -> Markup {
    let action = format!("/invitations/{token}");
    bare(
        "Invitation",
        html! {
            h1 { "Join " (tenant_name) }
            p.lead { (tenant_name) " invited you to its team on the Inquiry Link Portal as " strong { (role) } "." }
            @match view {
                AcceptView::SetPassword { csrf_token, error } => {
                    p { "Choose a password to create your sign-in. You will use it with this email address." }
                    @if let Some(error) = error { div.flash.flash-error role="alert" { (error) } }
                    form.stack method="post" action=(format!("{action}/password")) {
                        (csrf_field(csrf_token))
                        (Field::new("password", "Password").kind("password").autocomplete("new-password")
                            .hint("12 to 128 characters.").error(error).render())
                        (Field::new("confirm_password", "Repeat the password").kind("password")
                            .autocomplete("new-password").render())
                        button.button.button-primary.button-wide type="submit" { "Accept and create my sign-in" }
                    }
                }
                AcceptView::SignIn { masked_email, signed_in_as_other } => {
                    @if signed_in_as_other {
                        div.flash.flash-error role="alert" {
                            "You are signed in with another account. Log out, then open the invitation link again."
                        }
                    } @else {
                        p { "You already have a sign-in for the portal (" (masked_email) "). Sign in with it to accept; your password stays the same." }
                        a.button.button-primary.button-wide href=(format!("/login?next={action}")) { "Sign in to accept" }
                    }
                }
                AcceptView::Accept { csrf_token } => {
                    p { "Accepting adds " (tenant_name) " to your sign-in. You can switch between your organisations from the menu." }
                    form.stack method="post" action=(format!("{action}/accept")) {
                        (csrf_field(csrf_token))
                        button.button.button-primary.button-wide type="submit" { "Accept the invitation" }
                    }
                }
            }
        },
    )
}

/// An invitation link that no longer works (used, expired) or never did.
pub fn gone_page(title: &str, message: &str) -> Markup {
    bare(
        title,
        html! {
            h1 { (title) }
            p.lead { (message) }
            p { a href="/login" { "Go to sign-in" } }
        },
    )
}
