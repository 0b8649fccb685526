use maud::{html, Markup};

use super::components::{csrf_field, error_summary, page_header, Field, Problem};

#[derive(Default)]
pub struct PasswordErrors {
    pub current: Option<String>,
    pub new: Option<String>,
    pub confirm: Option<String>,
}

fn password_problems(errors: &PasswordErrors) -> Vec<Problem> {
    [
        Problem::of_field("current_password", errors.current.as_deref()),
        Problem::of_field("new_password", errors.new.as_deref()),
        Problem::of_field("confirm_password", errors.confirm.as_deref()),
    ]
    .into_iter()
    .flatten()
    .collect()
}

pub fn account_page(email: &str, role: &str, csrf_token: &str, errors: &PasswordErrors) -> Markup {
    html! {
        (page_header("Your account", Some(email), None))
        section.panel {
            h2 { "Role" }
            p { "You are signed in as " strong { (role) } "." }
        }
        section.panel {
            h2 { "Second factor" }
            p { a href="/account/security" { "Set up or manage your authenticator app and recovery codes" } }
        }
        section.panel {
            h2 { "Change password" }
            p.muted { "Changing your password signs you out everywhere else." }
            form.stack.narrow method="post" action="/account/password" {
                (csrf_field(csrf_token))
                (error_summary(None, &password_problems(errors)))
                (Field::new("current_password", "Current password").kind("password")
                    .autocomplete("current-password").error(errors.current.as_deref()).render())
                (Field::new("new_password", "New password").kind("password")
                    .autocomplete("new-password").hint("12 to 128 characters.")
                    .error(errors.new.as_deref()).render())
                (Field::new("confirm_password", "Repeat the new password").kind("password")
                    .autocomplete("new-password").error(errors.confirm.as_deref()).render())
                button.button.button-primary type="submit" { "Change password" }
            }
        }
    }
}
