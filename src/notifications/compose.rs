//! What the messages say. Each has a text and an HTML part in the person's language and
//! the tenant's brand (its name, logo and accent colour; the portal only in small print),
//! a plain explanation, the link and its expiry, and no personal data beyond the first name.

use maud::{html, Markup, DOCTYPE};

use crate::{
    domain::{Brand, Language, MessageKind},
    i18n,
};

/// A message's subject and parts.
pub struct Content {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// What goes into a message.
pub struct Facts<'a> {
    pub kind: MessageKind,
    pub brand: &'a Brand,
    /// The brand's logo as an absolute URL (under `PORTAL_PUBLIC_URL`), for mail clients.
    pub logo_url: Option<&'a str>,
    pub language: Language,
    pub first_name: Option<&'a str>,
    pub url: &'a str,
    pub expires_at: i64,
}

fn expiry(language: Language, unix_seconds: i64) -> String {
    chrono::DateTime::from_timestamp(unix_seconds, 0)
        .map(|at| at.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| i18n::text(language, "email-expires-soon").into_owned())
}

/// The message family of each kind: `{key}-subject` and `{key}-body`.
fn key(kind: MessageKind) -> &'static str {
    match kind {
        MessageKind::Link => "email-link",
        MessageKind::AccessLink => "email-access-link",
        MessageKind::Reminder => "email-reminder",
        MessageKind::Recovery => "email-recovery",
        MessageKind::Invitation => "email-invitation",
    }
}

/// What the message's button says: an invitation is accepted, the rest continue.
fn button_key(kind: MessageKind) -> &'static str {
    match kind {
        MessageKind::Invitation => "email-invitation-button",
        _ => "email-button",
    }
}

/// The message for `facts`.
pub fn compose(facts: &Facts<'_>) -> Content {
    let language = facts.language;
    let company = [("company", facts.brand.name.as_str())];
    let t = |key: &str| i18n::text_with(language, key, &company);
    let subject = t(&format!("{}-subject", key(facts.kind)));
    let explanation = t(&format!("{}-body", key(facts.kind)));
    let greeting = match facts.first_name.map(str::trim) {
        Some(name) if !name.is_empty() => {
            i18n::text_with(language, "email-greeting-name", &[("name", name)])
        }
        _ => i18n::text(language, "email-greeting").into_owned(),
    };
    let expires = i18n::text_with(
        language,
        "email-expires",
        &[("expires", &expiry(language, facts.expires_at))],
    );
    let sent_for = t("email-sent-for");
    let powered_by = i18n::text(language, "email-powered-by");
    let text = format!(
        "{greeting}\n\n{explanation}\n\n{url}\n\n{expires}\n\n{sent_for}\n\n-- \n{powered_by}\n",
        url = facts.url,
    );
    let html = html_part(
        facts,
        &subject,
        [&greeting, &explanation, &expires, &sent_for],
    )
    .into_string();
    Content {
        subject,
        text,
        html,
    }
}

/// The HTML part: the brand on top, the button in its accent colour. Mail clients ignore
/// stylesheets, so the styles are inline; every value in them was parsed when saved.
fn html_part(
    facts: &Facts<'_>,
    subject: &str,
    [greeting, explanation, expires, sent_for]: [&str; 4],
) -> Markup {
    let language = facts.language;
    let accent = facts
        .brand
        .accent
        .map_or_else(|| "#1d4ed8".to_owned(), |accent| accent.to_string());
    let button = format!(
        "display:inline-block;padding:12px 20px;border-radius:6px;background:{accent};\
         color:#ffffff;text-decoration:none;font-weight:600"
    );
    html! {
        (DOCTYPE)
        html lang=(language.as_str()) {
            head { meta charset="utf-8"; title { (subject) } }
            body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111827" {
                p {
                    @if let Some(logo) = facts.logo_url {
                        img src=(logo) alt=(facts.brand.name) height="48" style="max-height:48px";
                        br;
                    }
                    strong { (facts.brand.name) }
                }
                p { (greeting) }
                p { (explanation) }
                p { a href=(facts.url) style=(button) { (i18n::text(language, button_key(facts.kind))) } }
                p { (i18n::text(language, "email-copy")) " " (facts.url) }
                p { (expires) }
                p { small { (sent_for) } }
                p { small style="color:#6b7280" { (i18n::text(language, "email-powered-by")) } }
            }
        }
    }
}
