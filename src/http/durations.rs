//! Folds the number-and-unit inputs of `views::duration_field` (`{name}_amount`,
//! `{name}_unit`) into the `{name}` pair in seconds that the form readers expect. A field
//! sent as seconds already (scripts, older pages) is kept as it is.

use crate::views::duration_field::UNITS;

pub fn fold(pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, v)| v.trim().to_owned())
    };
    let mut folded: Vec<(String, String)> = Vec::new();
    for (key, amount) in &pairs {
        let Some(name) = key.strip_suffix("_amount") else {
            continue;
        };
        if value(name).is_some() {
            continue;
        }
        let unit = value(&format!("{name}_unit")).unwrap_or_default();
        let size = UNITS
            .iter()
            .find(|(label, _)| *label == unit)
            .map(|(_, s)| *s);
        let seconds = match (amount.trim().parse::<i64>(), size) {
            (Ok(amount), Some(size)) => amount
                .checked_mul(size)
                .map(|s| s.to_string())
                .unwrap_or_else(|| format!("{amount} {unit}")),
            // Kept as typed, so the reader's message names what is wrong with it.
            _ => format!("{} {unit}", amount.trim()).trim().to_owned(),
        };
        folded.push((name.to_owned(), seconds));
    }
    let mut out: Vec<(String, String)> = pairs
        .into_iter()
        .filter(|(key, _)| !key.ends_with("_amount") && !key.ends_with("_unit"))
        .collect();
    out.extend(folded);
    out
}

#[cfg(test)]
#[path = "../../tests/unit/http_durations.rs"]
mod tests;
