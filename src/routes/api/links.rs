//! `/api/v1/links`: issue, read, list and revoke links from a tenant backend.

use actix_web::{http::StatusCode, web, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::{
    auth::api_keys::ApiClient,
    domain::LinkState,
    error::{ApiError, AppError},
    links::{
        actions,
        issue::{self, IssueError, IssueRequest},
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
    let key = idempotency::key_of(&req)?;
    let fingerprint = format!("POST /api/v1/links {}", String::from_utf8_lossy(&body));
    let scope = client.scope();
    idempotency::run_once(&state, scope, key.clone(), &fingerprint, || async {
        let parsed: CreateLinkBody = json_body(&req, &body)?;
        let request = to_request(parsed)?;
        let issued = issue::issue(&state, scope, &client.actor(), &request, key.as_deref())
            .await
            .map_err(|error| match error {
                IssueError::Invalid(errors) => ApiError(AppError::BadRequest(errors.summary())),
                IssueError::App(error) => ApiError(error),
            })?;
        let mut body = LinkBody::new(
            &issued.link,
            issued.url.clone(),
            Some(&issued.template),
            issued.inquiry.as_ref(),
        );
        body.session_token = issued.session_token.map(|(token, _)| token);
        body.access_code = issued.access_code;
        let json = serde_json::to_value(body).map_err(AppError::internal)?;
        Ok((StatusCode::CREATED, json))
    })
    .await
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
    params(("id" = String, Path)),
    responses((status = 200, body = LinkBody), (status = 404, body = super::types::ErrorBody)),
    security(("api_key" = []))
)]
pub async fn revoke_link(
    state: web::Data<AppState>,
    client: ApiClient,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let link = actions::find(&state, client.scope(), &path).await?;
    crate::links::lifecycle::revoke(&state, client.scope(), &client.actor(), &link).await?;
    let link = actions::find(&state, client.scope(), &path).await?;
    Ok(HttpResponse::Ok().json(link_body(&state, &client, &link).await?))
}

async fn change_pause(
    state: &AppState,
    client: &ApiClient,
    id: &str,
    paused: bool,
) -> Result<HttpResponse, ApiError> {
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
        return Err(AppError::Conflict(message).into());
    }
    let link = actions::find(state, client.scope(), id).await?;
    Ok(HttpResponse::Ok().json(link_body(state, client, &link).await?))
}

#[utoipa::path(
    post, path = "/api/v1/links/{id}/pause", tag = "links",
    params(("id" = String, Path)),
    responses((status = 200, body = LinkBody), (status = 404, body = super::types::ErrorBody), (status = 409, body = super::types::ErrorBody)),
    security(("api_key" = []))
)]
pub async fn pause_link(
    state: web::Data<AppState>,
    client: ApiClient,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    change_pause(&state, &client, &path, true).await
}

#[utoipa::path(
    post, path = "/api/v1/links/{id}/resume", tag = "links",
    params(("id" = String, Path)),
    responses((status = 200, body = LinkBody), (status = 404, body = super::types::ErrorBody), (status = 409, body = super::types::ErrorBody)),
    security(("api_key" = []))
)]
pub async fn resume_link(
    state: web::Data<AppState>,
    client: ApiClient,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    change_pause(&state, &client, &path, false).await
}
