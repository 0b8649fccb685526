//! CSV for spreadsheets: every cell quoted, and cells that a spreadsheet would run as a
//! formula (`=`, `+`, `-`, `@`, tab, carriage return first) prefixed with `'` (OWASP's
//! CSV-injection advice).

pub fn cell(value: &str) -> String {
    let neutralised = match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_owned(),
    };
    format!("\"{}\"", neutralised.replace('"', "\"\""))
}

/// One CSV line with its CRLF ending (RFC 4180).
pub fn row<S: AsRef<str>>(cells: &[S]) -> String {
    let mut line = cells
        .iter()
        .map(|c| cell(c.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

#[cfg(test)]
#[path = "../../tests/unit/views_csv.rs"]
mod tests;
