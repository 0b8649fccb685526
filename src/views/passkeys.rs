//! Passkey components: the login page's button, the second step's button and the
//! security page's list. Each brings `/static/passkeys.js`, which shows the buttons only
//! where the browser can use passkeys; without it every page works as before.

use maud::{html, Markup};

use super::components::{csrf_field, timestamp};

/// A passkey as the security page lists it.
pub struct PasskeyRow<'a> {
    pub public_id: &'a str,
    pub name: &'a str,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

fn script() -> Markup {
    html! { script src="/static/passkeys.js" defer {} }
}

/// "Sign in with a passkey" on the login page (no email or password needed).
pub fn sign_in_button(csrf_token: &str) -> Markup {
    html! {
        div.passkey-action data-passkey="sign-in" data-csrf=(csrf_token) hidden {
            p.divider { span { "or" } }
            button.button.button-wide type="button" { "Sign in with a passkey" }
            p.passkey-error.flash.flash-error role="alert" hidden {}
        }
        (script())
    }
}

/// "Use a passkey" on the second step, for a user who has one.
pub fn second_step_button(csrf_token: &str, also_codes: bool) -> Markup {
    html! {
        div.passkey-action data-passkey="second-step" data-csrf=(csrf_token) hidden {
            @if also_codes { p.divider { span { "or" } } }
            button.button.button-primary.button-wide type="button" { "Use a passkey" }
            p.passkey-error.flash.flash-error role="alert" hidden {}
        }
        noscript { p.hint { "Using a passkey needs JavaScript." } }
        (script())
    }
}

/// The security page's passkeys: each with its name, rename and remove; and a new one.
pub fn passkeys_panel(csrf_token: &str, passkeys: &[PasskeyRow<'_>], available: bool) -> Markup {
    html! {
        section.panel #passkeys {
            h2 { "Passkeys" }
            p { "A passkey signs you in with your device's screen lock or a security key, instead of your password. It also counts as your second factor." }
            @if passkeys.is_empty() {
                p.hint { "You have no passkey yet." }
            } @else {
                div.panel-scroll {
                    table.table {
                        thead { tr { th { "Name" } th { "Added" } th { "Last used" } th.actions { span.sr-only { "Actions" } } } }
                        tbody { @for passkey in passkeys { (passkey_row(csrf_token, passkey)) } }
                    }
                }
            }
            @if available {
                form.stack.narrow.passkey-action data-passkey="register" data-csrf=(csrf_token) hidden {
                    label for="passkey-name" { "Name of the new passkey" }
                    input #passkey-name type="text" name="name" maxlength="80" placeholder="Work laptop" required;
                    button.button.button-primary type="submit" { "Add a passkey" }
                    p.passkey-error.flash.flash-error role="alert" hidden {}
                }
                p.hint.passkey-unsupported { "Adding a passkey needs JavaScript and a browser that supports passkeys." }
            } @else {
                p.hint { "Passkeys need the portal to be reached under a domain name (its public URL names an IP address)." }
            }
        }
        (script())
    }
}

fn passkey_row(csrf_token: &str, passkey: &PasskeyRow<'_>) -> Markup {
    let base = format!("/account/security/passkeys/{}", passkey.public_id);
    html! {
        tr {
            td {
                form.inline-form method="post" action=(format!("{base}/rename")) {
                    (csrf_field(csrf_token))
                    label.sr-only for=(format!("name-{}", passkey.public_id)) { "Name" }
                    input id=(format!("name-{}", passkey.public_id)) type="text" name="name" value=(passkey.name) maxlength="80" required;
                    button.button.button-small type="submit" { "Rename" }
                }
            }
            td { (timestamp(passkey.created_at)) }
            td { @match passkey.last_used_at { Some(at) => (timestamp(at)), None => "Never" } }
            td.actions {
                form.inline method="post" action=(format!("{base}/remove"))
                    data-confirm=(format!("Remove the passkey “{}”? It will no longer sign you in.", passkey.name)) {
                    (csrf_field(csrf_token))
                    button.button.button-small.button-danger type="submit" { "Remove" }
                }
            }
        }
    }
}
