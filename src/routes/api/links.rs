//! `/api/v1/links`: issue, read, list and revoke links from a tenant backend.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::{
    auth::api_keys::ApiClient,
    domain::LinkState,
    error::{ApiError, AppError},
    idempotency::{Answer, Commit},
    links::{
        actions,
        issue::{self, IssueError, IssueRequest, IssuedLink},
        pages,
    },
    routes::links::{parse_filter, LinksQuery},
    state::AppState,
};

use super::{
    idempotency, json_body,
    types::{CreateLinkBody, LinkBody, LinkListBody},
};

fn to_request(body: CreateLinkBody) -> Result<IssueRequest, AppError> {
    let mut fields = Vec::new();
    for (name, value) in body.fields.unwrap_or_default() {
        match value {
            serde_json::Value::String(text) => fields.push((name, text)),
            _ => {
                return Err(AppError::BadRequest(format!(
                    "fields.{name} must be a string."
                )))
            }
        }
    }
    Ok(IssueRequest {
        kind: body.kind,
        template_id: body.template_id,
        reference_id: body.reference_id,
        generate_reference: body.generate_reference_id.unwrap_or(false),
        fields,
        expires_in_seconds: body.expires_in_seconds.map(|s| s.to_string()),
        resume_on_click: body.resume_on_click,
        access_code: body.access_code.unwrap_or(false),
        issue_session_token: body.issue_session_token.unwrap_or(false),
        max_inquiries: body.max_inquiries.map(|m| m.to_string()),
        always_new: body.always_new.unwrap_or(false),
        active_from: body.active_from,
    })
}

#[utoipa::path(
    post, path = "/api/v1/links", tag = "links",
    request_body = CreateLinkBody,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for the same key")),
    responses(
        (status = 201, body = LinkBody, description = "The link (with the session token or access code when asked for)"),
        (status = 400, body = super::types::ErrorBody, description = "Invalid request; nothing was created"),
        (status = 401, body = super::types::ErrorBody), (status = 503, body = super::types::ErrorBody)
    ),
    security(("api_key" = []))
)]
pub async fn create_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    client: ApiClient,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let scope = client.scope();
    idempotency::run_once(&req, &state, scope, &body, |claim| async {
        let parsed: CreateLinkBody = json_body(&req, &body)?;
        let request = to_request(parsed)?;
        let render = |issued: &IssuedLink| Answer::json(201, &created_body(issued));
        let commit = Commit::new(scope, claim, &render);
        let issued = issue::issue(&state, scope, &client.actor(), &request, &commit)
            .await
            .map_err(|error| match error {
                IssueError::Invalid(errors) => AppError::BadRequest(errors.summary()),
                IssueError::App(error) => error,
            })?;
        commit.answer(&issued)
    })
    .await
}

/// The answer to a link's creation: the link, with its one-time secrets.
fn created_body(issued: &IssuedLink) -> LinkBody {
    let mut body = LinkBody::new(
        &issued.link,
        issued.url.clone(),
        Some(&issued.template),
        issued.inquiry.as_ref(),
    );
    body.session_token = issued
        .session_token
        .as_ref()
        .map(|(token, _)| token.clone());
    body.access_code = issued.access_code.clone();
    body
}

async fn link_body(
    state: &AppState,
    client: &ApiClient,
    link: &crate::entities::links::Model,
) -> Result<LinkBody, AppError> {
    let context = pages::link_context(state, client.scope(), link).await?;
    Ok(LinkBody::new(
        link,
        context.url,
        context.template.as_ref(),
        context.inquiry.as_ref(),
    ))
}

#[utoipa::path(
    get, path = "/api/v1/links/{id}", tag = "links",
    params(("id" = String, Path, description = "The link id (lnk_…)")),
    responses((status = 200, body = LinkBody), (status = 404, body = super::types::ErrorBody)),
    security(("api_key" = []))
)]
pub async fn get_link(
    state: web::Data<AppState>,
    client: ApiClient,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let link = actions::find(&state, client.scope(), &path).await?;
    Ok(HttpResponse::Ok().json(link_body(&state, &client, &link).await?))
}

#[derive(Deserialize)]
pub struct ApiLinksQuery {
    kind: Option<String>,
    status: Option<String>,
    reference_id: Option<String>,
    after: Option<String>,
    limit: Option<u64>,
}

#[utoipa::path(
    get, path = "/api/v1/links", tag = "links",
    params(
        ("reference_id" = Option<String>, Query), ("kind" = Option<String>, Query),
        ("status" = Option<String>, Query), ("after" = Option<String>, Query, description = "Cursor from next_cursor"),
        ("limit" = Option<u64>, Query, description = "1 to 100, default 25")
    ),
    responses((status = 200, body = LinkListBody), (status = 400, body = super::types::ErrorBody)),
    security(("api_key" = []))
)]
pub async fn list_links(
    state: web::Data<AppState>,
    client: ApiClient,
    query: web::Query<ApiLinksQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let limit = query.limit.unwrap_or(25);
    if !(1..=100).contains(&limit) {
        return Err(AppError::BadRequest("limit must be between 1 and 100.".into()).into());
    }
    let mut filter = parse_filter(LinksQuery {
        kind: query.kind,
        status: query.status,
        reference_id: query.reference_id,
        q: None,
        after: query.after,
    })?;
    filter.limit = limit + 1;
    let (found, next_cursor) =
        pages::links_page(&state, client.scope(), &filter, limit as usize).await?;
    let mut data = Vec::with_capacity(found.len());
    for link in &found {
        data.push(link_body(&state, &client, link).await?);
    }
    Ok(HttpResponse::Ok().json(LinkListBody { data, next_cursor }))
}

#[utoipa::path(
    post, path = "/api/v1/links/{id}/revoke", tag = "links",
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for the same key")),
    responses((status = 200, body = LinkBody), (status = 404, body = super::types::ErrorBody)),
    security(("api_key" = []))
)]
pub async fn revoke_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    client: ApiClient,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    idempotency::run_once(&req, &state, client.scope(), &body, |_| async {
        let link = actions::find(&state, client.scope(), &path).await?;
        crate::links::lifecycle::revoke(&state, client.scope(), &client.actor(), &link).await?;
        let link = actions::find(&state, client.scope(), &path).await?;
        Answer::json(200, &link_body(&state, &client, &link).await?)
    })
    .await
}

async fn change_pause(
    state: &AppState,
    client: &ApiClient,
    id: &str,
    paused: bool,
) -> Result<Answer, AppError> {
    let link = actions::find(state, client.scope(), id).await?;
    if !crate::links::lifecycle::set_paused(state, client.scope(), &client.actor(), &link, paused)
        .await?
        && link.state
            != if paused {
                LinkState::Paused
            } else {
                LinkState::Active
            }
    {
        let message = if paused {
            format!("A {} link cannot be paused.", link.state)
        } else {
            format!("A {} link cannot be resumed.", link.state)
        };
        return Err(AppError::Conflict(message));
    }
    let link = actions::find(state, client.scope(), id).await?;
    Answer::json(200, &link_body(state, client, &link).await?)
}

#[utoipa::path(
    post, path = "/api/v1/links/{id}/pause", tag = "links",
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for the same key")),
    responses((status = 200, body = LinkBody), (status = 404, body = super::types::ErrorBody), (status = 409, body = super::types::ErrorBody)),
    security(("api_key" = []))
)]
pub async fn pause_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    client: ApiClient,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    idempotency::run_once(&req, &state, client.scope(), &body, |_| {
        change_pause(&state, &client, &path, true)
    })
    .await
}

#[utoipa::path(
    post, path = "/api/v1/links/{id}/resume", tag = "links",
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for the same key")),
    responses((status = 200, body = LinkBody), (status = 404, body = super::types::ErrorBody), (status = 409, body = super::types::ErrorBody)),
    security(("api_key" = []))
)]
pub async fn resume_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    client: ApiClient,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    idempotency::run_once(&req, &state, client.scope(), &body, |_| {
        change_pause(&state, &client, &path, false)
    })
    .await
}
