//! The issue form: shown for a template, and shown again for another one.

use actix_web::{http::StatusCode, web, HttpResponse};
use serde::Deserialize;

use crate::{
    auth::{ProtectedForm, TenantUser},
    domain::LinkKind,
    error::AppError,
    links::{pages, FieldErrors},
    state::AppState,
    views::{
        self,
        links::{NewLinkInput, NewLinkView},
        page_response, Nav,
    },
};

use super::{form_once, link_form::read_form};

#[derive(Deserialize)]
pub struct NewLinkQuery {
    kind: Option<String>,
    /// The template whose prefill fields the form offers (`itmpl_…`); the first when absent.
    template_id: Option<String>,
}

/// The issue form as sent back: its kind, what was typed, and its one-time key (kept, so
/// that sending it again cannot create a second link or inquiry).
pub struct SentForm<'a> {
    pub kind: LinkKind,
    pub input: &'a NewLinkInput,
    pub form_key: &'a str,
}

pub fn new_link_response(
    member: &TenantUser,
    context: &pages::NewLinkContext,
    form: SentForm<'_>,
    (errors, status): (&FieldErrors, StatusCode),
) -> Result<HttpResponse, AppError> {
    let content = views::links::new_link_page(NewLinkView {
        kind: form.kind,
        templates: &context.templates,
        csrf_token: &member.current.csrf_token,
        form_key: form.form_key,
        input: form.input,
        errors,
        max_lifetime_seconds: context.max_lifetime_seconds,
    });
    Ok(page_response(
        member.current.viewer(),
        "New link",
        Nav::Links,
        None,
        status,
        content,
    ))
}

pub fn parse_kind(kind: Option<&str>) -> Result<LinkKind, AppError> {
    match kind {
        Some(kind) if !kind.is_empty() => LinkKind::parse(kind).map_err(AppError::BadRequest),
        _ => Ok(LinkKind::Dedicated),
    }
}

/// The issue form, for the template `?template_id=` names. A template id that is not one
/// of this tenant's connections (unknown, or another tenant's: the same answer, so it
/// tells nothing) is a 400 rather than a form quietly showing another template's fields.
pub async fn new_link_form(
    state: web::Data<AppState>,
    member: TenantUser,
    query: web::Query<NewLinkQuery>,
) -> Result<HttpResponse, AppError> {
    member.require_issuer()?;
    let kind = parse_kind(query.kind.as_deref())?;
    let context = pages::new_link_context(&state, member.scope()).await?;
    let template_id = query.template_id.as_deref().unwrap_or("").trim();
    if !template_id.is_empty()
        && !context
            .templates
            .iter()
            .any(|template| template.provider_template_id == template_id)
    {
        return Err(AppError::BadRequest(
            "template_id names no template connected to this tenant.".into(),
        ));
    }
    let input = NewLinkInput {
        template_id: template_id.to_owned(),
        ..NewLinkInput::default()
    };
    let form = SentForm {
        kind,
        input: &input,
        form_key: &form_once::new_form_key(&state, &member),
    };
    let ok = (&FieldErrors::default(), StatusCode::OK);
    new_link_response(&member, &context, form, ok)
}

/// "Show this template's fields" without JavaScript: the form posted back, shown again as
/// typed (its one-time key kept) with the chosen template's prefill fields. Changes nothing.
pub async fn switch_template(
    state: web::Data<AppState>,
    member: TenantUser,
    ProtectedForm(pairs): ProtectedForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    member.require_issuer()?;
    let pairs = crate::http::durations::fold(pairs);
    let (request, input) = read_form(&pairs);
    let kind = parse_kind(Some(&request.kind))?;
    let context = pages::new_link_context(&state, member.scope()).await?;
    let form = SentForm {
        kind,
        input: &input,
        form_key: &form_once::kept_form_key(&state, &member, form_once::form_key_of(&pairs)),
    };
    let ok = (&FieldErrors::default(), StatusCode::OK);
    new_link_response(&member, &context, form, ok)
}
