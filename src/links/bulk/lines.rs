//! Checking each line of an uploaded sheet as the issue request it will become, against
//! the template and the tenant's policy, before anything is created; and the key that
//! recognises the same line in any later upload.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::{
    crypto::sha256_hex,
    domain::{Email, FieldErrors, LinkKind},
    entities::{template_connections, tenant_policies},
    links::issue_request::{check_against, IssueRequest},
};

use super::sheet::{Column, Line, Sheet};

/// A line's values: what its link is issued from (stored encrypted until it is).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct LineValues {
    pub reference_id: Option<String>,
    pub email: Option<String>,
    pub fields: BTreeMap<String, String>,
    pub expires_in_seconds: Option<String>,
    pub language: Option<String>,
}

impl LineValues {
    fn of(sheet: &Sheet, line: &Line) -> Self {
        let value = |column| sheet.value(line, column).map(str::to_owned);
        let fields = sheet
            .columns
            .iter()
            .filter_map(|column| match column {
                Column::Prefill(field) => Some((field.as_str().to_owned(), value(*column)?)),
                _ => None,
            })
            .collect();
        Self {
            reference_id: value(Column::ReferenceId),
            email: value(Column::Email),
            fields,
            expires_in_seconds: value(Column::ExpiresInSeconds),
            language: value(Column::Language).map(|language| language.to_ascii_lowercase()),
        }
    }

    /// The issue request for this line: a dedicated link of `template_id`, emailed to the
    /// line's address when the upload asked for that.
    pub fn request(&self, template_id: &str, send_email: bool) -> IssueRequest {
        IssueRequest {
            kind: LinkKind::Dedicated.to_string(),
            template_id: template_id.to_owned(),
            reference_id: self.reference_id.clone(),
            fields: self.fields.clone().into_iter().collect(),
            expires_in_seconds: self.expires_in_seconds.clone(),
            language: self.language.clone(),
            send_to: if send_email { self.email.clone() } else { None },
            ..IssueRequest::default()
        }
    }
}

/// What the lines are checked against.
pub struct Against<'a> {
    pub tenant_id: i32,
    pub template: &'a template_connections::Model,
    pub policy: &'a tenant_policies::Model,
    pub send_email: bool,
}

/// A line after its checks: its values, its key, and its problems (one per line of text).
pub struct CheckedLine {
    pub number: i32,
    pub key: String,
    pub values: LineValues,
    pub problem: Option<String>,
}

/// Checks every line; a line that repeats an earlier one, or its reference id, is a
/// problem too (almost always a copy-and-paste slip).
pub fn check_all(sheet: &Sheet, against: &Against<'_>) -> Vec<CheckedLine> {
    let mut by_key: HashMap<String, i32> = HashMap::new();
    let mut by_reference: HashMap<String, i32> = HashMap::new();
    sheet
        .lines
        .iter()
        .map(|line| {
            let values = LineValues::of(sheet, line);
            let key = line_key(against, &values);
            let mut problems: Vec<String> = line.problem.iter().cloned().collect();
            problems.extend(value_problems(&values, against));
            if let Some(first) = by_key.get(&key) {
                problems.push(format!("This line repeats line {first}."));
            } else if let Some(first) = values
                .reference_id
                .as_ref()
                .and_then(|reference| by_reference.get(reference))
            {
                problems.push(format!(
                    "reference_id: line {first} has the same reference id."
                ));
            }
            by_key.entry(key.clone()).or_insert(line.number);
            if let Some(reference) = &values.reference_id {
                by_reference.entry(reference.clone()).or_insert(line.number);
            }
            CheckedLine {
                number: line.number,
                key,
                values,
                problem: (!problems.is_empty()).then(|| problems.join("\n")),
            }
        })
        .collect()
}

/// The same values for the same template in the same tenant give the same key, whatever
/// the file, the column order or the choice to email.
fn line_key(against: &Against<'_>, values: &LineValues) -> String {
    let canonical = serde_json::to_string(values).unwrap_or_default();
    sha256_hex(format!(
        "bulk-line:{}:{}:{canonical}",
        against.tenant_id, against.template.id
    ))
}

fn value_problems(values: &LineValues, against: &Against<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    if values.reference_id.is_none() {
        problems.push("reference_id: Every line needs a reference id.".to_owned());
    }
    match (&values.email, against.send_email) {
        (None, true) => problems.push("email: There is no address to email the link to.".into()),
        (Some(email), false) => {
            if let Err(message) = Email::parse(email) {
                problems.push(format!("email: {message}"));
            }
        }
        _ => {}
    }
    let request = values.request(&against.template.provider_template_id, against.send_email);
    if let Err(errors) = check_against(&request, against.template, against.policy) {
        problems.extend(named_by_column(&errors));
    }
    problems
}

/// The request's errors, named by the file's columns instead of the form's fields.
fn named_by_column(errors: &FieldErrors) -> Vec<String> {
    let column = |field: &str| -> String {
        match field {
            "send_to" => "email".to_owned(),
            other => other
                .strip_prefix("fields[")
                .and_then(|rest| rest.strip_suffix(']'))
                .unwrap_or(other)
                .to_owned(),
        }
    };
    errors
        .by_field
        .iter()
        .map(|(field, message)| format!("{}: {message}", column(field)))
        .chain(errors.general.clone())
        .collect()
}
