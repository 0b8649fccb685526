//! `/api/v1/webhook-endpoints` and `/api/v1/webhook-deliveries`: a tenant backend manages
//! its webhook endpoints, reads their delivery logs and replays deliveries.

use actix_web::{web, HttpRequest, HttpResponse};

use crate::{
    auth::{requires, Authorized},
    error::{ApiError, AppError},
    idempotency::{Answer, Commit},
    state::{key_cache::ApiClient, AppState},
    tenant_webhooks::{
        deliveries,
        endpoints::{self, CreateError, CreatedEndpoint, EndpointRequest},
    },
};

use super::{
    api_id, idempotency, json_body,
    webhook_types::{
        CreateWebhookEndpointBody, ReplayFailedBody, ReplayedBody, WebhookDeliveryBody,
        WebhookDeliveryListBody, WebhookEndpointBody, WebhookEndpointListBody,
    },
};

#[utoipa::path(
    get, path = "/api/v1/webhook-endpoints", tag = "webhooks",
    responses((status = 200, body = WebhookEndpointListBody)),
    security(("api_key" = []))
)]
pub async fn list_endpoints(
    state: web::Data<AppState>,
    client: Authorized<requires::WebhooksManage>,
) -> Result<HttpResponse, ApiError> {
    let found = endpoints::list(&state, client.scope()).await?;
    let data = found
        .iter()
        .map(|endpoint| WebhookEndpointBody::new(endpoint, None))
        .collect();
    Ok(HttpResponse::Ok().json(WebhookEndpointListBody { data }))
}

#[utoipa::path(
    post, path = "/api/v1/webhook-endpoints", tag = "webhooks",
    request_body = CreateWebhookEndpointBody,
    responses(
        (status = 201, body = WebhookEndpointBody, description = "The endpoint, with its signing secret (shown once)"),
        (status = 422, body = super::types::ErrorBody, description = "Not https, not a public address, or an unknown event; nothing was created")
    ),
    security(("api_key" = []))
)]
pub async fn create_endpoint(
    req: HttpRequest,
    state: web::Data<AppState>,
    client: Authorized<requires::WebhooksManage>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let scope = client.scope();
    idempotency::run_once(&req, &state, scope, &body, |claim| async {
        let parsed: CreateWebhookEndpointBody = json_body(&req, &body)?;
        let events = parsed.events.unwrap_or_default();
        let request = EndpointRequest {
            url: &parsed.url,
            events: &events,
        };
        let render = |created: &CreatedEndpoint| {
            let body = WebhookEndpointBody::new(&created.endpoint, Some(created.secret.clone()));
            Answer::json(201, &body)
        };
        let commit = Commit::new(scope, claim, &render);
        let created = endpoints::create(&state, scope, &client.actor(), &request, &commit)
            .await
            .map_err(|error| match error {
                CreateError::Invalid(errors) => AppError::Unprocessable(errors.summary()),
                CreateError::App(error) => error,
            })?;
        commit.answer(&created)
    })
    .await
}

#[utoipa::path(
    delete, path = "/api/v1/webhook-endpoints/{id}", tag = "webhooks",
    params(("id" = String, Path, description = "The endpoint id (whep_…)")),
    responses((status = 204, description = "Deleted with its deliveries and log"), (status = 404, body = super::types::ErrorBody)),
    security(("api_key" = []))
)]
pub async fn delete_endpoint(
    state: web::Data<AppState>,
    client: Authorized<requires::WebhooksManage>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let path = api_id(path.into_inner())?;
    endpoints::delete(&state, client.scope(), &client.actor(), &path).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(
    get, path = "/api/v1/webhook-endpoints/{id}/deliveries", tag = "webhooks",
    params(("id" = String, Path, description = "The endpoint id (whep_…)")),
    responses((status = 200, body = WebhookDeliveryListBody, description = "The latest 100 deliveries, newest first, each with its attempts"), (status = 404, body = super::types::ErrorBody)),
    security(("api_key" = []))
)]
pub async fn list_deliveries(
    state: web::Data<AppState>,
    client: Authorized<requires::WebhooksManage>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let path = api_id(path.into_inner())?;
    let log = deliveries::log(&state, client.scope(), &path).await?;
    let data = log
        .deliveries
        .iter()
        .map(|row| WebhookDeliveryBody::new(row, &log.attempts))
        .collect();
    Ok(HttpResponse::Ok().json(WebhookDeliveryListBody { data }))
}

#[utoipa::path(
    post, path = "/api/v1/webhook-deliveries/{id}/replay", tag = "webhooks",
    params(("id" = String, Path, description = "The delivery id (whd_…)")),
    responses(
        (status = 202, body = ReplayedBody, description = "Queued again; sent with the same webhook-id and body"),
        (status = 404, body = super::types::ErrorBody), (status = 409, body = super::types::ErrorBody, description = "The endpoint is disabled")
    ),
    security(("api_key" = []))
)]
pub async fn replay_delivery(
    req: HttpRequest,
    state: web::Data<AppState>,
    client: Authorized<requires::WebhooksManage>,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let path = api_id(path.into_inner())?;
    let scope = client.scope();
    idempotency::run_once(&req, &state, scope, &body, |_| async {
        deliveries::replay(&state, scope, &client.actor(), &path).await?;
        Answer::json(202, &ReplayedBody { replayed: 1 })
    })
    .await
}

#[utoipa::path(
    post, path = "/api/v1/webhook-endpoints/{id}/replay-failed", tag = "webhooks",
    params(("id" = String, Path, description = "The endpoint id (whep_…)")),
    request_body = ReplayFailedBody,
    responses(
        (status = 202, body = ReplayedBody, description = "Every failed delivery since then queued again"),
        (status = 404, body = super::types::ErrorBody),
        (status = 409, body = super::types::ErrorBody, description = "The endpoint is disabled"),
        (status = 422, body = super::types::ErrorBody, description = "since is not an RFC 3339 time")
    ),
    security(("api_key" = []))
)]
pub async fn replay_failed(
    req: HttpRequest,
    state: web::Data<AppState>,
    client: Authorized<requires::WebhooksManage>,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let path = api_id(path.into_inner())?;
    let scope = client.scope();
    idempotency::run_once(&req, &state, scope, &body, |_| async {
        let parsed: ReplayFailedBody = json_body(&req, &body)?;
        let since = chrono::DateTime::parse_from_rfc3339(parsed.since.trim())
            .map_err(|_| AppError::Unprocessable("since must be an RFC 3339 time.".into()))?
            .timestamp();
        let replayed =
            deliveries::replay_failed_since(&state, scope, &client.actor(), &path, since).await?;
        Answer::json(202, &ReplayedBody { replayed })
    })
    .await
}

#[utoipa::path(
    post, path = "/api/v1/webhook-endpoints/{id}/rotate-secret", tag = "webhooks",
    params(("id" = String, Path, description = "The endpoint id (whep_…)")),
    responses(
        (status = 200, body = WebhookEndpointBody, description = "The new secret (shown once); the previous one keeps signing alongside for 24 hours"),
        (status = 404, body = super::types::ErrorBody)
    ),
    security(("api_key" = []))
)]
pub async fn rotate_secret(
    req: HttpRequest,
    state: web::Data<AppState>,
    client: Authorized<requires::WebhooksManage>,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let path = api_id(path.into_inner())?;
    let scope = client.scope();
    idempotency::run_once(&req, &state, scope, &body, |claim| async {
        let render = |rotated: &CreatedEndpoint| {
            let body = WebhookEndpointBody::new(&rotated.endpoint, Some(rotated.secret.clone()));
            Answer::json(200, &body)
        };
        let commit = Commit::new(scope, claim, &render);
        let rotated = endpoints::rotate(&state, scope, &client.actor(), &path, &commit).await?;
        commit.answer(&rotated)
    })
    .await
}

/// Enables or disables an endpoint, once per idempotency key.
async fn set_enabled(
    req: HttpRequest,
    state: web::Data<AppState>,
    client: &ApiClient,
    path: String,
    body: web::Bytes,
    enabled: bool,
) -> Result<HttpResponse, ApiError> {
    let public_id = api_id(path)?;
    let scope = client.scope();
    idempotency::run_once(&req, &state, scope, &body, |_| async {
        endpoints::set_enabled(&state, scope, &client.actor(), &public_id, enabled).await?;
        let endpoint = endpoints::find(&state, scope, &public_id).await?;
        Answer::json(200, &WebhookEndpointBody::new(&endpoint, None))
    })
    .await
}

#[utoipa::path(
    post, path = "/api/v1/webhook-endpoints/{id}/enable", tag = "webhooks",
    params(("id" = String, Path, description = "The endpoint id (whep_…)")),
    responses((status = 200, body = WebhookEndpointBody), (status = 404, body = super::types::ErrorBody)),
    security(("api_key" = []))
)]
pub async fn enable_endpoint(
    req: HttpRequest,
    state: web::Data<AppState>,
    client: Authorized<requires::WebhooksManage>,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    set_enabled(req, state, &client, path.into_inner(), body, true).await
}

#[utoipa::path(
    post, path = "/api/v1/webhook-endpoints/{id}/disable", tag = "webhooks",
    params(("id" = String, Path, description = "The endpoint id (whep_…)")),
    responses((status = 200, body = WebhookEndpointBody), (status = 404, body = super::types::ErrorBody)),
    security(("api_key" = []))
)]
pub async fn disable_endpoint(
    req: HttpRequest,
    state: web::Data<AppState>,
    client: Authorized<requires::WebhooksManage>,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    set_enabled(req, state, &client, path.into_inner(), body, false).await
}
