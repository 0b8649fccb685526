//! Reading an issue request (UI form or tenant API): every field parsed into its domain
//! type and checked against the template and the tenant's policy, every problem named by
//! its field at once. Nothing here writes or calls the provider.

use std::collections::BTreeMap;

use crate::{
    domain::{
        Email, Language, Lifetime, LinkKind, PrefillField, ReferenceId, ResumeOnClick, TemplateId,
    },
    entities::{template_connections, tenant_policies},
    error::AppError,
    repo::{self, TenantScope},
    state::AppState,
};

use super::FieldErrors;

/// Raw input, as typed in the form or sent to the API.
#[derive(Clone, Debug, Default)]
pub struct IssueRequest {
    pub kind: String,
    pub template_id: String,
    pub reference_id: Option<String>,
    pub generate_reference: bool,
    pub fields: Vec<(String, String)>,
    pub expires_in_seconds: Option<String>,
    pub resume_on_click: Option<String>,
    pub access_code: bool,
    pub issue_session_token: bool,
    pub max_inquiries: Option<String>,
    pub always_new: bool,
    /// Static links: when the link starts accepting visitors (RFC 3339, or the form's
    /// `YYYY-MM-DDTHH:MM` read as UTC); open at once when absent.
    pub active_from: Option<String>,
    /// "Send by email": the address the link is emailed to as it is issued.
    pub send_to: Option<String>,
    /// The language of the link's pages and emails (`en`, `de`, `fr`, `es`); the
    /// browser's choice when absent.
    pub language: Option<String>,
}

pub enum IssueError {
    Invalid(FieldErrors),
    App(AppError),
}

impl From<AppError> for IssueError {
    fn from(error: AppError) -> Self {
        IssueError::App(error)
    }
}

impl From<sea_orm::DbErr> for IssueError {
    fn from(error: sea_orm::DbErr) -> Self {
        IssueError::App(error.into())
    }
}

/// The validated request.
pub struct Checked {
    pub kind: LinkKind,
    pub template: template_connections::Model,
    pub reference_id: Option<ReferenceId>,
    pub fields: BTreeMap<String, String>,
    pub lifetime: Lifetime,
    pub resume_on_click: ResumeOnClick,
    pub max_inquiries: Option<i32>,
    pub active_from: Option<i64>,
    pub send_to: Option<Email>,
    pub language: Option<Language>,
}

/// Parses and checks `request`; `Invalid` names every field that is wrong.
pub async fn check(
    state: &AppState,
    scope: TenantScope,
    request: &IssueRequest,
) -> Result<Checked, IssueError> {
    let mut errors = FieldErrors::default();
    let kind = parse_kind(request, &mut errors);
    let template = find_template(state, scope, &request.template_id, &mut errors).await?;
    let policy = repo::policies::get(&state.db.connection, scope).await?;
    check_rest(request, kind, template, &policy, errors).map_err(IssueError::Invalid)
}

/// The same checks as [`check`] for a request whose template and policy are already
/// loaded (bulk issuing checks thousands of lines against one template): no database.
pub fn check_against(
    request: &IssueRequest,
    template: &template_connections::Model,
    policy: &tenant_policies::Model,
) -> Result<Checked, FieldErrors> {
    let mut errors = FieldErrors::default();
    let kind = parse_kind(request, &mut errors);
    check_rest(request, kind, Some(template.clone()), policy, errors)
}

fn parse_kind(request: &IssueRequest, errors: &mut FieldErrors) -> Option<LinkKind> {
    LinkKind::parse(&request.kind)
        .map_err(|message| errors.add("kind", message))
        .ok()
}

/// Every check after the template is found, adding to `errors`.
fn check_rest(
    request: &IssueRequest,
    kind: Option<LinkKind>,
    template: Option<template_connections::Model>,
    policy: &tenant_policies::Model,
    mut errors: FieldErrors,
) -> Result<Checked, FieldErrors> {
    let reference_id = reference_id(request, &mut errors);
    let lifetime = lifetime(request, template.as_ref(), policy, &mut errors);
    let resume_on_click = match request.resume_on_click.as_deref().filter(|r| !r.is_empty()) {
        Some(raw) => ResumeOnClick::parse(raw)
            .map_err(|message| errors.add("resume_on_click", message))
            .ok(),
        None => Some(ResumeOnClick::default()),
    };
    let fields = prefill(request, template.as_ref(), &mut errors);
    let max_inquiries = max_inquiries(request, &mut errors);
    let active_from = active_from(request, kind, &mut errors);
    check_static_rules(request, kind, &fields, &mut errors);
    let send_to = optional(
        request.send_to.as_deref(),
        "send_to",
        Email::parse,
        &mut errors,
    );
    let language = optional(
        request.language.as_deref(),
        "language",
        Language::parse,
        &mut errors,
    );
    match (kind, template, lifetime, resume_on_click) {
        (Some(kind), Some(template), Some(lifetime), Some(resume_on_click))
            if errors.is_empty() =>
        {
            Ok(Checked {
                kind,
                template,
                reference_id,
                fields,
                lifetime,
                resume_on_click,
                max_inquiries,
                active_from,
                send_to,
                language,
            })
        }
        _ => Err(errors),
    }
}

/// An optional value: absent or blank is `None`; otherwise parsed, or its error recorded.
fn optional<T>(
    raw: Option<&str>,
    field: &str,
    parse: impl Fn(&str) -> Result<T, String>,
    errors: &mut FieldErrors,
) -> Option<T> {
    match raw.map(str::trim) {
        Some(raw) if !raw.is_empty() => parse(raw)
            .map_err(|message| errors.add(field, message))
            .ok(),
        _ => None,
    }
}

/// The tenant's connection of the requested template.
async fn find_template(
    state: &AppState,
    scope: TenantScope,
    raw: &str,
    errors: &mut FieldErrors,
) -> Result<Option<template_connections::Model>, IssueError> {
    let id = match TemplateId::parse(raw.trim()) {
        Ok(id) => id,
        Err(message) => {
            errors.add("template_id", message);
            return Ok(None);
        }
    };
    let found =
        repo::template_connections::find_by_template(&state.db.connection, scope, id.as_str())
            .await?;
    if found.is_none() {
        errors.add(
            "template_id",
            "This template is not connected to your account.",
        );
    }
    Ok(found)
}

fn reference_id(request: &IssueRequest, errors: &mut FieldErrors) -> Option<ReferenceId> {
    match (request.generate_reference, request.reference_id.as_deref()) {
        (true, _) => Some(ReferenceId::generate()),
        (false, Some(raw)) if !raw.trim().is_empty() => ReferenceId::parse(raw.trim())
            .map_err(|message| errors.add("reference_id", message))
            .ok(),
        _ => None,
    }
}

/// The requested lifetime within the policy's bound, or the template's default.
fn lifetime(
    request: &IssueRequest,
    template: Option<&template_connections::Model>,
    policy: &tenant_policies::Model,
    errors: &mut FieldErrors,
) -> Option<Lifetime> {
    let ceiling = policy.max_link_seconds.min(policy.ceiling_link_seconds);
    let requested = request
        .expires_in_seconds
        .as_deref()
        .map(str::trim)
        .filter(|raw| !raw.is_empty());
    match (requested, template) {
        (Some(raw), _) => Lifetime::parse(raw)
            .and_then(|lifetime| lifetime.within(ceiling, "tenant policy"))
            .map_err(|message| errors.add("expires_in_seconds", message))
            .ok(),
        (None, Some(template)) => {
            Lifetime::from_seconds(template.default_expires_in_seconds.min(ceiling)).ok()
        }
        (None, None) => None,
    }
}

/// The prefill values, each for a field the template allows and valid for it.
fn prefill(
    request: &IssueRequest,
    template: Option<&template_connections::Model>,
    errors: &mut FieldErrors,
) -> BTreeMap<String, String> {
    let allowed = template
        .map(|t| t.allowed_field_names())
        .unwrap_or_default();
    let mut fields = BTreeMap::new();
    for (name, raw) in &request.fields {
        if raw.trim().is_empty() {
            continue;
        }
        let key = format!("fields[{name}]");
        match PrefillField::parse(name) {
            Ok(field) if allowed.iter().any(|a| a == field.as_str()) => {
                match field.parse_value(raw) {
                    Ok(value) => {
                        fields.insert(field.as_str().to_owned(), value);
                    }
                    Err(message) => errors.add(&key, message),
                }
            }
            Ok(field) => errors.add(
                &key,
                format!("The template does not allow prefilling {}.", field.label()),
            ),
            Err(message) => errors.add(&key, message),
        }
    }
    fields
}

fn max_inquiries(request: &IssueRequest, errors: &mut FieldErrors) -> Option<i32> {
    match request.max_inquiries.as_deref().map(str::trim) {
        Some(raw) if !raw.is_empty() => match raw.parse::<i32>() {
            Ok(cap) if cap > 0 => Some(cap),
            _ => {
                errors.add("max_inquiries", "The cap must be a positive whole number.");
                None
            }
        },
        _ => None,
    }
}

fn active_from(
    request: &IssueRequest,
    kind: Option<LinkKind>,
    errors: &mut FieldErrors,
) -> Option<i64> {
    match request.active_from.as_deref().map(str::trim) {
        Some(raw) if !raw.is_empty() => match parse_moment(raw) {
            Some(at) if kind == Some(LinkKind::Static) => Some(at),
            Some(_) => {
                errors.add("active_from", "Only static links have an opening time.");
                None
            }
            None => {
                errors.add(
                    "active_from",
                    "Use a date and time like 2026-12-01T09:00:00Z.",
                );
                None
            }
        },
        _ => None,
    }
}

/// A static link is shared by many people: no prefill, access code or session token.
fn check_static_rules(
    request: &IssueRequest,
    kind: Option<LinkKind>,
    fields: &BTreeMap<String, String>,
    errors: &mut FieldErrors,
) {
    if kind != Some(LinkKind::Static) {
        return;
    }
    if !fields.is_empty() {
        errors.add(
            "fields",
            "Static links are shared by many people and cannot be prefilled.",
        );
    }
    if request.access_code || request.issue_session_token {
        errors.general =
            Some("Access codes and session tokens only apply to dedicated links.".into());
    }
}

/// An RFC 3339 moment, or a form's `datetime-local` value (`YYYY-MM-DDTHH:MM`) read as UTC.
fn parse_moment(raw: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(raw)
        .map(|at| at.timestamp())
        .ok()
        .or_else(|| {
            chrono::NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
                .ok()
                .map(|at| at.and_utc().timestamp())
        })
}
