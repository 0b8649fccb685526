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
                (Field::new("password", "Password").kind("password").autocomplete("current-password").render())
                button.button.button-primary.button-wide type="submit" { "Log in" }
            }
        },
    )
}
