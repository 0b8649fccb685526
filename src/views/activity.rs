//! Audit events for people: readable subjects and details. Actions and actors are named
//! by [`super::dashboard::describe_action`] and [`super::dashboard::actor_name`].

use std::collections::HashMap;

use maud::{html, Markup};
use serde_json::Value;

use super::dashboard::actor_name;

/// What the event was about: a link of the tenant's (linked), a team member (by email),
/// or the stored id.
pub fn subject(subject: Option<&str>, names: &HashMap<String, String>) -> Markup {
    let Some(subject) = subject else {
        return html! {};
    };
    if let Some(public_id) = subject.strip_prefix("link:") {
        return html! { a href=(format!("/links/{public_id}")) { code { (public_id) } } };
    }
    if let Some(inquiry_id) = subject.strip_prefix("inquiry:") {
        return html! { a href=(format!("/inquiries/{inquiry_id}")) { code { (inquiry_id) } } };
    }
    html! { (actor_name(names, subject)) }
}

/// The details as `from → to` (when the event is a transition) and `key: value` pairs.
/// The trail stores ids and labels only, so all of it may be shown.
fn details_parts(details: Option<&str>) -> (Option<String>, Vec<String>) {
    let Some(Value::Object(map)) = details.and_then(|d| serde_json::from_str::<Value>(d).ok())
    else {
        return (None, Vec::new());
    };
    let transition = match (map.get("from"), map.get("to")) {
        (Some(from), Some(to)) => Some(format!("{} → {}", plain(from), plain(to))),
        _ => None,
    };
    let rest = map
        .iter()
        .filter(|(key, _)| *key != "from" && *key != "to")
        .map(|(key, value)| format!("{}: {}", key.replace('_', " "), plain(value)))
        .collect();
    (transition, rest)
}

/// The details for a table cell: the transition first, the ids after it in small print.
pub fn details_cell(details: Option<&str>) -> Markup {
    let (transition, rest) = details_parts(details);
    html! {
        @if let Some(transition) = transition { span.transition { (transition) } }
        @if !rest.is_empty() { div.hint.wrap-anywhere { (rest.join(", ")) } }
    }
}

fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "none".into(),
        other => other.to_string(),
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
