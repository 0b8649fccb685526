//! A duration typed as a number and a unit ("7 days"), not a count of seconds. The form
//! posts `{name}_amount` and `{name}_unit`; `http::durations` folds them into `{name}`
//! (seconds) before the form is read, so the rules and messages stay in one place.

use maud::{html, Markup};

use super::components::field_error;

/// The units offered, largest first, with their length in seconds.
pub const UNITS: [(&str, i64); 4] = [
    ("days", 86_400),
    ("hours", 3_600),
    ("minutes", 60),
    ("seconds", 1),
];

/// `seconds` as the largest unit that divides it: 604800 is (7, "days"). Text that is not
/// a number (sent back with an error) stays as typed, in seconds.
pub fn split(seconds: &str) -> (String, &'static str) {
    if seconds.trim().is_empty() {
        return (String::new(), "days");
    }
    match seconds.trim().parse::<i64>() {
        Ok(0) => ("0".into(), "hours"),
        Ok(value) => UNITS
            .iter()
            .find(|(_, size)| value % size == 0)
            .map(|(unit, size)| ((value / size).to_string(), *unit))
            .unwrap_or((value.to_string(), "seconds")),
        Err(_) => (seconds.to_owned(), "seconds"),
    }
}

/// A labelled number-and-unit input for the duration field `name` holding `seconds`.
pub fn duration_field(
    name: &str,
    label: &str,
    seconds: &str,
    hint: Option<&str>,
    error: Option<&str>,
) -> Markup {
    duration_field_with_id(&format!("field-{name}"), name, label, seconds, hint, error)
}

/// [`duration_field`] with its own element id, for pages with several forms that have
/// fields of one name.
pub fn duration_field_with_id(
    id: &str,
    name: &str,
    label: &str,
    seconds: &str,
    hint: Option<&str>,
    error: Option<&str>,
) -> Markup {
    let (amount, chosen) = split(seconds);
    html! {
        div class={ "field" @if error.is_some() { " field-invalid" } } id=(id) {
            label for=(format!("{id}-amount")) { (label) }
            div.duration-input {
                input id=(format!("{id}-amount")) name=(format!("{name}_amount")) type="number" min="0"
                    inputmode="numeric" value=(amount)
                    aria-invalid=[error.map(|_| "true")]
                    aria-describedby=[error.map(|_| format!("{id}-error"))];
                label.sr-only for=(format!("{id}-unit")) { (label) ", unit" }
                select id=(format!("{id}-unit")) name=(format!("{name}_unit")) {
                    @for (unit, _) in UNITS {
                        option value=(unit) selected[unit == chosen] { (unit) }
                    }
                }
            }
            @if let Some(hint) = hint { p.hint { (hint) } }
            @if let Some(error) = error { (field_error(id, error)) }
        }
    }
}

#[cfg(test)]
#[path = "../../tests/unit/views_duration_field.rs"]
mod tests;
