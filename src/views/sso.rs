//! Single sign-on's pages: its part of the login page, the page a refused sign-in ends
//! on, and the owner's settings.

use maud::{html, Markup};

use crate::domain::{FieldErrors, Role};

use super::{
    components::{csrf_field, error_summary, page_header, select, Field, Problem},
    layout::bare,
};

/// The login form's second way out: the same email goes to the organisation's identity
/// provider (the form's other button checks a password). No JavaScript needed.
pub fn login_choice() -> Markup {
    html! {
        div.sso-choice {
            p.muted { "Your organisation uses single sign-on? Enter your work email, then:" }
            button.button.button-wide type="submit" formaction="/login/sso" {
                "Continue with single sign-on"
            }
        }
    }
}

/// The step between the login form and the identity provider: it moves on at once, and
/// says where to in case the browser does not.
pub fn continue_page(authorize_url: &str) -> Markup {
    html! {
        (maud::DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta http-equiv="refresh" content={ "0;url=" (authorize_url) };
                title { "Single sign-on · Inquiry Link Portal" }
                link rel="stylesheet" href="/static/app.css";
            }
            body.bare {
                main.bare-card {
                    h1 { "Continuing to your identity provider…" }
                    p { a.button.button-primary id="sso-continue" href=(authorize_url) { "Continue to sign in" } }
                }
            }
        }
    }
}

/// Where a refused single sign-on ends: why, and the way back.
pub fn refused_page(message: &str) -> Markup {
    bare(
        "Sign-in refused",
        html! {
            h1 { "Single sign-on did not work" }
            div.flash.flash-error role="alert" { (message) }
            p.muted { "Nothing was changed. If this keeps happening, tell your organisation's administrator what this page says." }
            p { a.button.button-primary href="/login" { "Back to log in" } }
        },
    )
}

/// The settings page: what is saved, or what the owner typed after a mistake.
pub struct SsoSettingsView<'a> {
    pub issuer_url: &'a str,
    pub client_id: &'a str,
    pub allowed_domains: &'a str,
    pub default_role: &'a str,
    pub password_sign_in: bool,
    /// Whether single sign-on is saved (then a secret is stored).
    pub configured: bool,
    /// Where the provider sends people back: the owner registers it there.
    pub callback_url: &'a str,
    /// Whether http issuers on private addresses are allowed here.
    pub allow_private: bool,
    pub errors: &'a FieldErrors,
    pub csrf_token: &'a str,
}

fn problems(errors: &FieldErrors) -> Vec<Problem> {
    errors
        .by_field
        .iter()
        .map(|(name, message)| Problem::new(format!("field-{name}"), message.clone()))
        .collect()
}

pub fn settings_page(view: &SsoSettingsView<'_>) -> Markup {
    let subtitle =
        "People at your email domains sign in through your identity provider (OpenID Connect).";
    html! {
        (page_header("Single sign-on", Some(subtitle), None))
        (error_summary(view.errors.general.as_deref(), &problems(view.errors)))
        div.grid-two {
            (settings_form(view))
            (provider_panel(view))
        }
    }
}

fn settings_form(view: &SsoSettingsView<'_>) -> Markup {
    let errors = view.errors;
    let roles: Vec<(&str, &str)> = Role::TENANT_ROLES
        .iter()
        .map(|role| (role.as_str(), role.describe()))
        .collect();
    let secret_hint = if view.configured {
        "A secret is stored (never shown). Leave blank to keep it; type a new one to replace it."
    } else {
        "Stored encrypted; never shown again."
    };
    let issuer_hint = if view.allow_private {
        "The provider's issuer, like https://login.example.com/realms/staff. This portal also allows http:// and private addresses."
    } else {
        "The provider's issuer, like https://login.example.com/realms/staff. Checked by fetching its discovery document when you save."
    };
    html! {
        form.panel.stack method="post" action="/settings/sso" {
            (csrf_field(view.csrf_token))
            h2 { "Identity provider" }
            (Field::new("issuer_url", "Issuer URL").kind("url").value(view.issuer_url)
                .hint(issuer_hint).error(errors.get("issuer_url")).render())
            (Field::new("client_id", "Client ID").value(view.client_id)
                .autocomplete("off").error(errors.get("client_id")).render())
            (Field::new("client_secret", "Client secret").kind("password")
                .required(!view.configured).autocomplete("new-password")
                .hint(secret_hint).error(errors.get("client_secret")).render())
            (Field::new("allowed_domains", "Email domains").value(view.allowed_domains)
                .hint("Comma-separated, like example.com, example.org. People at these domains go to your provider; anyone else is refused.")
                .error(errors.get("allowed_domains")).render())
            (select("default_role", "Role of new accounts", &roles, view.default_role, errors.get("default_role")))
            p.hint { "Someone signing in for the first time gets an account with this role; owners can change it on the Users page." }
            label.checkbox {
                input type="checkbox" name="password_sign_in" value="on" checked[view.password_sign_in];
                " Let people in this organisation also sign in with a password"
            }
            p.hint { "Untick to require single sign-on. Owners can always use their password, so a provider outage cannot lock you out." }
            div.form-actions { button.button.button-primary type="submit" { "Save single sign-on" } }
        }
    }
}

fn provider_panel(view: &SsoSettingsView<'_>) -> Markup {
    html! {
        section.panel.stack {
            h2 { "At your identity provider" }
            p { "Register the portal as a confidential web client (authorization code flow with PKCE, scopes openid and email) with this redirect URI:" }
            code.wrap-anywhere { (view.callback_url) }
            p.muted { "The portal accepts only verified email addresses at your domains, and asks for your second factor when your organisation requires one." }
            @if view.configured {
                form method="post" action="/settings/sso/remove" {
                    (csrf_field(view.csrf_token))
                    button.button.button-danger type="submit" { "Turn single sign-on off" }
                }
            }
        }
    }
}
