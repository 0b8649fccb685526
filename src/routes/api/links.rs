//! `/api/v1/links`: issue, read, list and revoke links from a tenant backend.

use crate::{
    auth::{api_keys::ApiClient, requires, Authorized},
    domain::LinkState,
    error::{ApiError, AppError},
    idempotency::Answer,
    links::{
        actions,
        issue::{self, IssuedLink},
        pages,
    },
    state::AppState,
};
use actix_web::{web, HttpRequest, HttpResponse};

use super::{
    api_id, idempotency, json_body,
    link_request::{self, ApiLinksQuery, CreateLinkBody},
    types::{ErrorBody, ExtendLinkBody, LinkBody, LinkListBody},
};

#[utoipa::path(
    post, path = "/api/v1/links", tag = "links",
    request_body = CreateLinkBody,
    responses(
        (status = 201, body = LinkBody, description = "The link (with the session token or access code when asked for)"),
        (status = 422, body = ErrorBody, description = "Well-formed, but refused: the template is not connected to \
your account, a prefill field is not allowed or not valid, the lifetime is above your policy's maximum, the \
reference id or opening time is not valid, or the provider refused; nothing was created")
    ),
    security(("api_key" = []))
)]
pub async fn create_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    client: Authorized<requires::LinksWrite>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let scope = client.scope();
    idempotency::run_once(&req, &state, scope, &body, |claim| async {
        let request = link_request::create_request(&req, &body)?;
        let render = |issued: &IssuedLink| Answer::json(201, &created_body(issued));
        let actor = client.actor();
        issue::issue_answering(&state, scope, (&actor, &request), claim, &render).await
    })
    .await
}

/// The answer to a link's creation: the link, with its one-time secrets.
pub(super) fn created_body(issued: &IssuedLink) -> LinkBody {
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
    responses((status = 200, body = LinkBody), (status = 404, body = ErrorBody)),
    security(("api_key" = []))
)]
pub async fn get_link(
    state: web::Data<AppState>,
    client: Authorized<requires::LinksRead>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let path = api_id(path.into_inner())?;
    let link = actions::find(&state, client.scope(), &path).await?;
    Ok(HttpResponse::Ok().json(link_body(&state, &client, &link).await?))
}

#[utoipa::path(
    get, path = "/api/v1/links", tag = "links",
    params(ApiLinksQuery),
    responses(
        (status = 200, body = LinkListBody),
        (status = 400, body = ErrorBody, description = "A filter or `limit` out of its bounds, or a cursor that is not a link id")
    ),
    security(("api_key" = []))
)]
pub async fn list_links(
    state: web::Data<AppState>,
    client: Authorized<requires::LinksRead>,
    query: web::Query<ApiLinksQuery>,
) -> Result<HttpResponse, ApiError> {
    let (filter, limit) = link_request::list_filter(query.into_inner())?;
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
    responses((status = 200, body = LinkBody), (status = 404, body = ErrorBody)),
    security(("api_key" = []))
)]
pub async fn revoke_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    client: Authorized<requires::LinksWrite>,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let path = api_id(path.into_inner())?;
    idempotency::run_once(&req, &state, client.scope(), &body, |_| async {
        let link = actions::find(&state, client.scope(), &path).await?;
        crate::links::lifecycle::revoke(&state, client.scope(), &client.actor(), &link).await?;
        let link = actions::find(&state, client.scope(), &path).await?;
        Answer::json(200, &link_body(&state, &client, &link).await?)
    })
    .await
}

#[utoipa::path(
    post, path = "/api/v1/links/{id}/extend", tag = "links",
    description = "Extends a link, expired ones included: it then expires `expires_in_seconds` from now \
(never earlier than it already did), and an expired link works again. Its dedicated inquiry follows your \
resume policy: one never started is re-timed (reissued with the new lifetime); one that has expired is \
resumed at the provider now (policy `resume`) or replaced by a new inquiry on the latest template version \
(policy `reissue`); a running one is re-timed at its next resume. If the provider cannot be reached, the \
link is still extended and the next click applies the policy.",
    request_body = ExtendLinkBody,
    params(
        ("id" = String, Path, description = "The link id (lnk_…)")
    ),
    responses(
        (status = 200, body = LinkBody, description = "The extended link, as GET /api/v1/links/{id} shows it"),
        (status = 400, body = ErrorBody, description = "The body is not JSON or lacks an integer expires_in_seconds"),
        (status = 404, body = ErrorBody, description = "No such link (another tenant's included)"),
        (status = 409, body = ErrorBody, description = "The link is revoked or completed, or your policy refuses to resume its expired inquiry; nothing changed"),
        (status = 422, body = ErrorBody, description = "expires_in_seconds is below 1 or above your policy's maximum link lifetime; nothing changed")
    ),
    security(("api_key" = []))
)]
pub async fn extend_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    client: Authorized<requires::LinksWrite>,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let path = api_id(path.into_inner())?;
    let scope = client.scope();
    idempotency::run_once(&req, &state, scope, &body, |_| async {
        let parsed: ExtendLinkBody = json_body(&req, &body)?;
        let link = actions::find(&state, scope, &path).await?;
        let extension =
            actions::extension_from_now(&state, scope, parsed.expires_in_seconds).await?;
        let extended = actions::extend(&state, scope, &client.actor(), &link, extension).await?;
        Answer::json(200, &link_body(&state, &client, &extended.link).await?)
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
    params(("id" = String, Path)),
    responses((status = 200, body = LinkBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("api_key" = []))
)]
pub async fn pause_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    client: Authorized<requires::LinksWrite>,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let path = api_id(path.into_inner())?;
    idempotency::run_once(&req, &state, client.scope(), &body, |_| {
        change_pause(&state, &client, &path, true)
    })
    .await
}

#[utoipa::path(
    post, path = "/api/v1/links/{id}/resume", tag = "links",
    params(("id" = String, Path)),
    responses((status = 200, body = LinkBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("api_key" = []))
)]
pub async fn resume_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    client: Authorized<requires::LinksWrite>,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let path = api_id(path.into_inner())?;
    idempotency::run_once(&req, &state, client.scope(), &body, |_| {
        change_pause(&state, &client, &path, false)
    })
    .await
}
