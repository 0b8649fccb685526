//! Reading an uploaded CSV file into its columns and lines. Only the file's shape is
//! checked here (encoding, header, size); each line's values are checked in
//! [`super::lines`].

use crate::domain::PrefillField;

/// The most lines (after the header) one file may have.
pub const MAX_ROWS: usize = 10_000;

/// A column the file may have, named in its header row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    ReferenceId,
    Email,
    ExpiresInSeconds,
    Language,
    Prefill(PrefillField),
}

impl Column {
    /// The columns besides the prefill fields.
    const FIXED: [Column; 4] = [
        Column::ReferenceId,
        Column::Email,
        Column::ExpiresInSeconds,
        Column::Language,
    ];

    fn parse(name: &str) -> Option<Self> {
        Self::FIXED
            .into_iter()
            .find(|column| column.name() == name)
            .or_else(|| PrefillField::parse(name).ok().map(Column::Prefill))
    }

    pub fn name(self) -> &'static str {
        match self {
            Column::ReferenceId => "reference_id",
            Column::Email => "email",
            Column::ExpiresInSeconds => "expires_in_seconds",
            Column::Language => "language",
            Column::Prefill(field) => field.as_str(),
        }
    }
}

/// One line of values, as many as there are columns (blank when the line had fewer).
#[derive(Debug)]
pub struct Line {
    /// The line of the file it starts on (the header is line 1), as a spreadsheet shows it.
    pub number: i32,
    pub cells: Vec<String>,
    /// A problem with the line's shape (more or fewer cells than the header).
    pub problem: Option<String>,
}

#[derive(Debug)]
pub struct Sheet {
    pub columns: Vec<Column>,
    pub lines: Vec<Line>,
}

impl Sheet {
    /// The value of `column` on `line`, trimmed; `None` when blank or not a column.
    pub fn value<'a>(&self, line: &'a Line, column: Column) -> Option<&'a str> {
        let index = self.columns.iter().position(|c| *c == column)?;
        line.cells
            .get(index)
            .map(|cell| cell.trim())
            .filter(|cell| !cell.is_empty())
    }
}

/// Reads the file; the error says, in words, why the whole file cannot be used.
pub fn read(bytes: &[u8]) -> Result<Sheet, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        "The file is not UTF-8 text. In Excel, save it as “CSV UTF-8 (comma delimited)”.".to_owned()
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err("The file is empty.".into());
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|error| format!("The header row could not be read: {error}."))?
        .clone();
    let columns = columns(&header)?;
    let mut lines = Vec::new();
    let mut counter = LineCounter::default();
    for record in reader.records() {
        let record = record.map_err(|error| format!("The file could not be read: {error}."))?;
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if lines.len() == MAX_ROWS {
            return Err(format!(
                "The file has more than {MAX_ROWS} rows; split it into files of at most {MAX_ROWS}."
            ));
        }
        let number = record
            .position()
            .map_or(0, |position| counter.line_at(text, position.byte()));
        lines.push(line(&record, number, columns.len()));
    }
    if lines.is_empty() {
        return Err("The file has a header row but no rows below it.".into());
    }
    Ok(Sheet { columns, lines })
}

/// Spreadsheets in many European locales write `;` between cells: the header row tells.
fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    let count = |c: char| header.matches(c).count();
    if count(';') > count(',') {
        b';'
    } else if count('\t') > count(',') {
        b'\t'
    } else {
        b','
    }
}

fn columns(header: &csv::StringRecord) -> Result<Vec<Column>, String> {
    let mut columns = Vec::new();
    let mut unknown = Vec::new();
    for name in header.iter() {
        let name = name.trim().to_ascii_lowercase();
        match Column::parse(&name) {
            Some(column) if columns.contains(&column) => {
                return Err(format!(
                    "The column “{name}” appears twice in the header row."
                ))
            }
            Some(column) => columns.push(column),
            None => unknown.push(name),
        }
    }
    if !unknown.is_empty() {
        let known: Vec<&str> = Column::FIXED
            .into_iter()
            .chain(PrefillField::ALL.into_iter().map(Column::Prefill))
            .map(Column::name)
            .collect();
        return Err(format!(
            "The header row names unknown columns: {}. The columns can be: {}.",
            quoted(&unknown),
            known.join(", ")
        ));
    }
    if !columns.contains(&Column::ReferenceId) {
        return Err(
            "The header row needs a “reference_id” column: it is how you will find each person's result."
                .into(),
        );
    }
    Ok(columns)
}

/// The line a record starts on, counted from the text's line breaks: the reader's own
/// count passes over blank lines, and a record's offset is where the blank lines before
/// it start. Offsets only grow, so each break is counted once.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    line: i32,
}

impl LineCounter {
    fn line_at(&mut self, text: &str, offset: u64) -> i32 {
        let bytes = text.as_bytes();
        let mut offset = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(text.len());
        while matches!(bytes.get(offset), Some(b'\n' | b'\r')) {
            offset += 1;
        }
        let breaks = bytes[self.offset.min(offset)..offset]
            .iter()
            .filter(|byte| **byte == b'\n')
            .count();
        self.line += i32::try_from(breaks).unwrap_or(i32::MAX);
        self.offset = offset;
        self.line + 1
    }
}

fn line(record: &csv::StringRecord, number: i32, width: usize) -> Line {
    let cells = |n: usize| format!("{n} {}", if n == 1 { "cell" } else { "cells" });
    let problem = (record.len() != width).then(|| {
        format!(
            "This line has {}; the header row has {}.",
            cells(record.len()),
            cells(width)
        )
    });
    let mut cells: Vec<String> = record.iter().take(width).map(str::to_owned).collect();
    cells.resize(width, String::new());
    Line {
        number,
        cells,
        problem,
    }
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|name| format!("“{name}”"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
#[path = "../../../tests/unit/links_bulk_sheet.rs"]
mod tests;
