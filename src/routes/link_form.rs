//! The new-link form's fields, read into the issue request and kept for showing again.

use crate::{links::issue::IssueRequest, views::links::NewLinkInput};

/// Builds the issue request from the form's pairs (`fields[name-first]=…` and the rest).
pub fn read_form(pairs: &[(String, String)]) -> (IssueRequest, NewLinkInput) {
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let checked = |name: &str| value(name) == "true";
    let fields: Vec<(String, String)> = pairs
        .iter()
        .filter_map(|(key, v)| {
            key.strip_prefix("fields[")
                .and_then(|rest| rest.strip_suffix(']'))
                .map(|name| (name.to_owned(), v.clone()))
        })
        .collect();
    let lifetime = value("lifetime");
    let expires_in_seconds = if lifetime == "custom" {
        value("custom_seconds")
    } else {
        lifetime.clone()
    };
    let request = IssueRequest {
        kind: value("kind"),
        template_id: value("template_id"),
        reference_id: Some(value("reference_id")),
        generate_reference: checked("generate_reference"),
        fields: fields.clone(),
        expires_in_seconds: Some(expires_in_seconds),
        resume_on_click: Some(value("resume_on_click")),
        access_code: checked("access_code"),
        issue_session_token: checked("issue_session_token"),
        max_inquiries: Some(value("max_inquiries")),
        always_new: checked("always_new"),
        active_from: Some(value("active_from")),
        send_to: Some(value("send_to")),
        language: Some(value("language")),
    };
    let input = NewLinkInput {
        template_id: value("template_id"),
        reference_id: value("reference_id"),
        generate_reference: checked("generate_reference"),
        lifetime,
        custom_seconds: value("custom_seconds"),
        fields,
        resume_on_click: value("resume_on_click"),
        access_code: checked("access_code"),
        issue_session_token: checked("issue_session_token"),
        max_inquiries: value("max_inquiries"),
        always_new: checked("always_new"),
        active_from: value("active_from"),
        send_to: value("send_to"),
        language: value("language"),
    };
    (request, input)
}
