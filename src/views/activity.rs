//! Audit events for people: actions as sentences, actors by name, readable subjects and
//! details.

use std::collections::HashMap;

use maud::{html, Markup};
use serde_json::Value;

/// The audit trail stores stable ids; people read names and sentences.
pub fn describe_action(action: &str) -> &str {
    match action {
        "login.succeeded" => "Signed in",
        "login.failed" => "Failed sign-in",
        "tenant.created" => "Tenant created",
        "user.created" => "User added",
        "user.role_changed" => "Role changed",
        "user.disabled" => "User disabled",
        "user.enabled" => "User enabled",
        "user.sessions_ended" => "Sessions ended",
        "user.password_changed" => "Password changed",
        "api_key.created" => "API key created",
        "api_key.revoked" => "API key revoked",
        "inquiry.status_changed" => "Inquiry status changed",
        "inquiry.redacted" => "Inquiry data redacted",
        "link.completed" => "Link completed",
        "link.issued" => "Link issued",
        "link.opened" => "Link opened",
        "link.browser_bound" => "Another browser joined",
        "link.paused" => "Link paused",
        "policy.ceiling_changed" => "Operator changed the lifetime ceiling",
        "link.resumed" => "Link working again",
        "link.revoked" => "Link revoked",
        "link.extended" => "Link extended",
        "link.unlocked" => "Link unlocked",
        "link.reissued" => "Moved to a new inquiry",
        "link.expired" => "Link expired",
        "inquiry.created" => "Inquiry created",
        "inquiry.resumed" => "Inquiry resumed",
        "inquiry.resume_refused" => "Resume refused by policy",
        "session_token.generated" => "Session token generated",
        "access_link.minted" => "One-time access link created",
        "access_link.used" => "One-time access link used",
        "access_code.failed" => "Wrong access code",
        "access_code.locked" => "Locked after wrong access codes",
        "access_code.accepted" => "Access code accepted",
        "access_code.issued" => "New access code issued",
        "template.connected" => "Template connected",
        "bulk.uploaded" => "Bulk file checked",
        "bulk.started" => "Bulk issuing started",
        "bulk.cancelled" => "Bulk issuing stopped",
        "bulk.finished" => "Bulk issuing finished",
        "policy.changed" => "Policy changed",
        other => other,
    }
}

/// Who did it, for people: a team member's email, or the kind of system actor.
pub fn actor_name<'a>(names: &'a HashMap<String, String>, actor: &'a str) -> &'a str {
    if let Some(name) = names.get(actor) {
        return name;
    }
    if actor == "system:webhook" {
        "Provider webhook"
    } else if actor == "system:reconciler" {
        "Status check"
    } else if actor.starts_with("system:") {
        "System"
    } else if actor.starts_with("api_key:") {
        "API key"
    } else {
        actor
    }
}

/// What the event was about: a link of the tenant's (linked, with its reference id), an
/// inquiry, a template or team member by name, or the stored id.
pub fn subject(subject: Option<&str>, names: &HashMap<String, String>) -> Markup {
    let Some(subject) = subject else {
        return html! {};
    };
    if let Some(public_id) = subject.strip_prefix("link:") {
        return html! {
            a href=(format!("/links/{public_id}")) { code { (public_id) } }
            @if let Some(reference) = names.get(subject) { div.hint.wrap-anywhere { (reference) } }
        };
    }
    if let Some(inquiry_id) = subject.strip_prefix("inquiry:") {
        return html! { a href=(format!("/inquiries/{inquiry_id}")) { code { (inquiry_id) } } };
    }
    if let Some(template_id) = subject.strip_prefix("template:") {
        return match names.get(subject) {
            Some(name) => html! { (name) div.hint.wrap-anywhere { code { (template_id) } } },
            None => html! { "Template " code { (template_id) } },
        };
    }
    html! { (actor_name(names, subject)) }
}

/// The details as `from → to` (when the event is a transition) and `key: value` pairs in
/// words: durations, dates, yes/no and labels instead of raw seconds, epochs and enums.
/// The trail stores ids and labels only, so all of it may be shown.
fn details_parts(details: Option<&str>) -> (Option<String>, Vec<String>) {
    let Some(Value::Object(map)) = details.and_then(|d| serde_json::from_str::<Value>(d).ok())
    else {
        return (None, Vec::new());
    };
    let transition = match (map.get("from"), map.get("to")) {
        (Some(from), Some(to)) => Some(format!("{} → {}", label(from), label(to))),
        _ => None,
    };
    let rest = map
        .iter()
        .filter(|(key, _)| *key != "from" && *key != "to")
        .map(|(key, value)| describe_pair(key, value))
        .collect();
    (transition, rest)
}

/// One detail as people read it: `expires_in_seconds: 604800` is "expires in: 7 days".
fn describe_pair(key: &str, value: &Value) -> String {
    let seconds = key.strip_suffix("_seconds");
    let moment = ["_at", "_until", "_since"]
        .iter()
        .any(|suffix| key.ends_with(suffix));
    let name = seconds.unwrap_or(key).replace('_', " ");
    let shown = match (value.as_i64(), seconds, moment) {
        (Some(amount), Some(_), _) => crate::domain::duration_in_words(amount),
        (Some(epoch), None, true) => chrono::DateTime::from_timestamp(epoch, 0)
            .map(|at| at.format("%Y-%m-%d %H:%M:%S UTC").to_string())
            .unwrap_or_else(|| epoch.to_string()),
        _ if holds_free_text(key) => free_text(value),
        _ => label(value),
    };
    format!("{name}: {shown}")
}

/// Keys whose values people or providers chose (reference ids, names): shown as stored.
fn holds_free_text(key: &str) -> bool {
    key.ends_with("_id")
        || ["reference", "name", "email", "url", "template", "inquiry"]
            .iter()
            .any(|word| key.contains(word))
}

fn free_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => label(other),
    }
}

/// A value in words: booleans as yes/no, stored labels (`same_browser`) as "Same browser";
/// ids and free text as they are.
fn label(value: &Value) -> String {
    match value {
        Value::String(s) if is_stored_label(s) => {
            let spaced = s.replace('_', " ");
            let mut chars = spaced.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
        Value::String(s) => s.clone(),
        Value::Bool(true) => "yes".into(),
        Value::Bool(false) => "no".into(),
        Value::Null => "none".into(),
        other => other.to_string(),
    }
}

/// A snake_case label of the portal's (`same_browser`, `end_user`), not an id (`inq_…`,
/// which has a random mixed-case tail) or a word people typed.
fn is_stored_label(s: &str) -> bool {
    const ID_PREFIXES: [&str; 9] = [
        "inq_", "lnk_", "itmpl_", "itmplv_", "usr_", "key_", "ref_", "msg_", "blk_",
    ];
    s.contains('_')
        && !ID_PREFIXES.iter().any(|prefix| s.starts_with(prefix))
        && !s.starts_with('_')
        && !s.ends_with('_')
        && s.chars().all(|c| c.is_ascii_lowercase() || c == '_')
}

/// The details for a table cell: the transition first, the ids after it in small print.
pub fn details_cell(details: Option<&str>) -> Markup {
    let (transition, rest) = details_parts(details);
    html! {
        @if let Some(transition) = transition { span.transition { (transition) } }
        @if !rest.is_empty() { div.hint.wrap-anywhere { (rest.join(", ")) } }
    }
}

/// The details as one line, for the timeline and the CSV export.
pub fn describe_details(details: Option<&str>) -> String {
    let (transition, rest) = details_parts(details);
    transition
        .into_iter()
        .chain(rest)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
#[path = "../../tests/unit/views_activity.rs"]
mod tests;
