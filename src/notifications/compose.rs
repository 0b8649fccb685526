//! What the messages say. Each has a text and an HTML part with the tenant's name, a plain
//! explanation, the link and its expiry, and no personal data beyond the first name.

use maud::{html, DOCTYPE};

use crate::domain::MessageKind;

/// A message's subject and parts.
pub struct Content {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// What goes into a message.
pub struct Facts<'a> {
    pub kind: MessageKind,
    pub tenant_name: &'a str,
    pub first_name: Option<&'a str>,
    pub url: &'a str,
    pub expires_at: i64,
}

fn expiry(unix_seconds: i64) -> String {
    chrono::DateTime::from_timestamp(unix_seconds, 0)
        .map(|at| at.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| "soon".into())
}

/// Subject and explanation per kind.
fn wording(facts: &Facts<'_>) -> (String, String) {
    let tenant = facts.tenant_name;
    match facts.kind {
        MessageKind::Link => (
            format!("{tenant} asks you to verify your identity"),
            format!(
                "{tenant} asks you to verify your identity. The link below opens the \
                 verification; you can stop and continue later on the same device."
            ),
        ),
        MessageKind::AccessLink => (
            format!("Your link to continue verifying your identity for {tenant}"),
            format!(
                "{tenant} sent you a one-time link to continue your identity verification \
                 on this device. It works once."
            ),
        ),
        MessageKind::Reminder => (
            format!("Reminder: your identity verification for {tenant} expires soon"),
            format!(
                "{tenant} asked you to verify your identity and the link expires soon. If \
                 you have already finished, you can ignore this message."
            ),
        ),
        MessageKind::Recovery => (
            format!("Your new link to continue with {tenant}"),
            format!(
                "Someone (we hope you) asked for a new link to continue the identity \
                 verification {tenant} asked for. It works once, on the device you open it \
                 on. If you did not ask for it, you can ignore this message."
            ),
        ),
        // The same words whether or not the address has a login anywhere: the page
        // behind the link says what to do (set a password, or sign in).
        MessageKind::Invitation => (
            format!("You are invited to {tenant} on the Inquiry Link Portal"),
            format!(
                "{tenant} invited you to join its team on the Inquiry Link Portal, where                  it sends and follows identity verification links. Open the link below to                  accept; it works once. If you did not expect this, you can ignore this                  message and nothing happens."
            ),
        ),
    }
}

/// What the message's button says.
fn button_label(kind: MessageKind) -> &'static str {
    match kind {
        MessageKind::Invitation => "Accept the invitation",
        _ => "Continue to identity verification",
    }
}

/// The message for `facts`.
pub fn compose(facts: &Facts<'_>) -> Content {
    let (subject, explanation) = wording(facts);
    let greeting = match facts.first_name {
        Some(name) if !name.trim().is_empty() => format!("Hello {},", name.trim()),
        _ => "Hello,".to_owned(),
    };
    let expires = expiry(facts.expires_at);
    let text = format!(
        "{greeting}\n\n{explanation}\n\n{url}\n\nThe link expires on {expires}.\n\n\
         This message was sent on behalf of {tenant}. If you have questions, contact {tenant} \
         directly.\n",
        url = facts.url,
        tenant = facts.tenant_name,
    );
    let html = html! {
        (DOCTYPE)
        html lang="en" {
            head { meta charset="utf-8"; title { (subject) } }
            body {
                p { (greeting) }
                p { (explanation) }
                p { a href=(facts.url) { (button_label(facts.kind)) } }
                p { "Or copy this address into your browser: " (facts.url) }
                p { "The link expires on " (expires) "." }
                p { small { "This message was sent on behalf of " (facts.tenant_name)
                    ". If you have questions, contact " (facts.tenant_name) " directly." } }
            }
        }
    }
    .into_string();
    Content {
        subject,
        text,
        html,
    }
}
