//! The links area of the admin UI: list, issue, look at, revoke, extend, unlock.

use actix_session::Session;
use actix_web::{http::StatusCode, web, HttpResponse};
use serde::Deserialize;

use crate::{
    auth::{ProtectedForm, TenantUser},
    db::now,
    domain::{LinkKind, LinkState, PublicId},
    error::AppError,
    links::{
        issue::{self, IssueError, IssueRequest},
        pages, FieldErrors, LinkFilter,
    },
    state::AppState,
    views::{
        self,
        link_detail::{LinkDetailView, OneTimeSecrets},
        links::{LinksView, NewLinkInput, NewLinkView},
        page_response, Flash, Nav,
    },
};

use super::see_other;

const PAGE_SIZE: usize = 25;

#[derive(Deserialize)]
pub struct LinksQuery {
    pub kind: Option<String>,
    pub status: Option<String>,
    pub reference_id: Option<String>,
    pub q: Option<String>,
    pub after: Option<String>,
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// Reads the list filters; an unknown kind or status is a 400, not an empty page.
pub fn parse_filter(query: LinksQuery) -> Result<LinkFilter, AppError> {
    let kind = non_empty(query.kind)
        .map(|kind| LinkKind::parse(&kind).map_err(AppError::BadRequest))
        .transpose()?;
    let state = non_empty(query.status)
        .map(|status| LinkState::parse(&status).map_err(AppError::BadRequest))
        .transpose()?;
    let after = non_empty(query.after)
        .map(|after| {
            PublicId::parse("lnk", &after)
                .map(PublicId::into_string)
                .ok_or_else(|| AppError::BadRequest("after must be a link id.".into()))
        })
        .transpose()?;
    let reference_id = non_empty(query.reference_id).filter(|r| r.len() <= 255);
    let text = non_empty(query.q).map(|q| q.chars().take(100).collect());
    Ok(LinkFilter {
        kind,
        state,
        reference_id,
        text,
        after,
        limit: PAGE_SIZE as u64 + 1,
    })
}

pub async fn list_links(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
    query: web::Query<LinksQuery>,
) -> Result<HttpResponse, AppError> {
    let filter = parse_filter(query.into_inner())?;
    let listing = pages::links_listing(&state, member.scope(), &filter, PAGE_SIZE).await?;
    let content = views::links::links_page(LinksView {
        links: &listing.rows,
        filter: &filter,
        next_cursor: listing.next_cursor.as_deref(),
        can_issue: member.role().can_issue(),
    });
    Ok(page_response(
        member.current.viewer(),
        "Links",
        Nav::Links,
        Flash::take(&session),
        StatusCode::OK,
        content,
    ))
}

#[derive(Deserialize)]
pub struct NewLinkQuery {
    kind: Option<String>,
}

async fn new_link_response(
    state: &AppState,
    member: &TenantUser,
    kind: LinkKind,
    input: &NewLinkInput,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let context = pages::new_link_context(state, member.scope()).await?;
    let content = views::links::new_link_page(NewLinkView {
        kind,
        templates: &context.templates,
        csrf_token: &member.current.csrf_token,
        input,
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

pub async fn new_link_form(
    state: web::Data<AppState>,
    member: TenantUser,
    query: web::Query<NewLinkQuery>,
) -> Result<HttpResponse, AppError> {
    member.require_issuer()?;
    let kind = match query.kind.as_deref() {
        Some(kind) => LinkKind::parse(kind).map_err(AppError::BadRequest)?,
        None => LinkKind::Dedicated,
    };
    new_link_response(
        &state,
        &member,
        kind,
        &NewLinkInput::default(),
        &FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

/// Builds the issue request from the form's pairs (`fields[name-first]=…` and the rest).
fn read_form(pairs: &[(String, String)]) -> (IssueRequest, NewLinkInput) {
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
    };
    (request, input)
}

pub async fn create_link(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
    ProtectedForm(pairs): ProtectedForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    member.require_issuer()?;
    let (request, input) = read_form(&pairs);
    let kind = LinkKind::parse(&request.kind).map_err(AppError::BadRequest)?;
    match issue::issue(
        &state,
        member.scope(),
        &member.current.actor(),
        &request,
        None,
    )
    .await
    {
        Ok(issued) => {
            if issued.access_code.is_none() && issued.session_token.is_none() {
                Flash::success(&session, "The link is ready. Copy it and send it.");
                return Ok(see_other(&format!("/links/{}", issued.link.public_id)));
            }
            // The one-time secrets can only travel in this response: answer with the page.
            let secrets = OneTimeSecrets {
                access_code: issued.access_code.clone(),
                session_token: issued
                    .session_token
                    .as_ref()
                    .zip(issued.inquiry.as_ref())
                    .map(|((token, _), inquiry)| {
                        (
                            token.clone(),
                            crate::links::session_tokens::hosted_flow_url(
                                &state,
                                &inquiry.provider_inquiry_id,
                                Some(token),
                            ),
                        )
                    }),
                access_link: None,
            };
            link_page(
                &state,
                &member,
                &issued.link.public_id,
                &secrets,
                None,
                StatusCode::CREATED,
            )
            .await
        }
        Err(IssueError::Invalid(errors)) => {
            new_link_response(
                &state,
                &member,
                kind,
                &input,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(IssueError::App(error)) => {
            refused_by_provider_or_database(&state, &member, kind, &input, &error).await
        }
    }
}

/// The form again, saying that nothing was created and why, with the error's status (and
/// its `Retry-After`: a busy provider says when to come back).
async fn refused_by_provider_or_database(
    state: &AppState,
    member: &TenantUser,
    kind: LinkKind,
    input: &NewLinkInput,
    error: &AppError,
) -> Result<HttpResponse, AppError> {
    let status = actix_web::ResponseError::status_code(error);
    if status.is_server_error() {
        log::warn!("issuing a link failed: {error}");
    }
    let errors = FieldErrors {
        general: Some(format!("{} Nothing was created.", error.public_message())),
        ..FieldErrors::default()
    };
    let mut response = new_link_response(state, member, kind, input, &errors, status).await?;
    if let Some(seconds) = error.retry_after() {
        response.headers_mut().insert(
            actix_web::http::header::RETRY_AFTER,
            actix_web::http::header::HeaderValue::from(seconds),
        );
    }
    Ok(response)
}

pub async fn link_page(
    state: &AppState,
    member: &TenantUser,
    public_id: &str,
    secrets: &OneTimeSecrets,
    flash: Option<Flash>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let data = pages::link_page_data(state, member.scope(), public_id).await?;
    let timeline = views::timeline::link_timeline(&data.events, &data.names);
    let content = views::link_detail::link_page(LinkDetailView {
        link: &data.link,
        template: data.template.as_ref(),
        url: &data.url,
        inquiries: &data.inquiries,
        csrf_token: &member.current.csrf_token,
        can_issue: member.role().can_issue(),
        secrets,
        now: now(),
        timeline,
    });
    Ok(page_response(
        member.current.viewer(),
        "Link",
        Nav::Links,
        flash,
        status,
        content,
    ))
}

pub async fn show_link(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    link_page(
        &state,
        &member,
        &path,
        &OneTimeSecrets::default(),
        Flash::take(&session),
        StatusCode::OK,
    )
    .await
}
