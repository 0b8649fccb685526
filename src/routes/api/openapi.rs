//! `GET /api/v1/openapi.json`: the API's description, generated from the handlers' code.
//!
//! The answers every operation shares are added in one place ([`SharedAnswers`]) rather
//! than by hand: 401, 429 and 503 on every authenticated operation, `Idempotency-Key` with
//! its 400 and 409 on every POST, 400 and 413 on every operation with a body.

use actix_web::HttpResponse;
use utoipa::{
    openapi::{
        path::{Operation, ParameterBuilder, ParameterIn},
        security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme},
        Content, Header, ObjectBuilder, Ref, RefOr, Required, Response, ResponseBuilder, Type,
    },
    Modify, OpenApi,
};

use crate::domain::ApiScope;

use super::{
    inquiries, link_request, links, links_batch, send, types, webhook_endpoints as hooks,
    webhook_types,
};

struct ApiKeyScheme;

impl Modify for ApiKeyScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(SCHEME_DESCRIPTION))
                    .build(),
            ),
        );
        document_scopes(openapi);
    }
}

const SCHEME_DESCRIPTION: &str = "A tenant API key: `Authorization: Bearer ilp_…`. A key may \
be limited to scopes (`links:read`, `links:write`, `inquiries:read`, `tokens:write`, \
`webhooks:manage`; each operation names the one it needs as its security requirement's \
scope), an expiry and allowed networks. An expired key gets 401 `key_expired`; a key used \
without the scope gets 403 `insufficient_scope`, from outside its networks 403 \
`network_not_allowed`.";

/// The scope each operation needs, by operation id (the handler's name). The handler's
/// `Authorized<requires::…>` argument is what enforces it; the API tests check that the
/// two agree for every operation.
const OPERATION_SCOPES: &[(&str, ApiScope)] = &[
    ("create_link", ApiScope::LinksWrite),
    ("create_links_batch", ApiScope::LinksWrite),
    ("get_link", ApiScope::LinksRead),
    ("list_links", ApiScope::LinksRead),
    ("revoke_link", ApiScope::LinksWrite),
    ("pause_link", ApiScope::LinksWrite),
    ("resume_link", ApiScope::LinksWrite),
    ("extend_link", ApiScope::LinksWrite),
    ("get_inquiry", ApiScope::InquiriesRead),
    ("create_session_token", ApiScope::TokensWrite),
    ("create_access_link", ApiScope::TokensWrite),
    ("send_link", ApiScope::LinksWrite),
    ("list_endpoints", ApiScope::WebhooksManage),
    ("create_endpoint", ApiScope::WebhooksManage),
    ("delete_endpoint", ApiScope::WebhooksManage),
    ("list_deliveries", ApiScope::WebhooksManage),
    ("replay_delivery", ApiScope::WebhooksManage),
    ("replay_failed", ApiScope::WebhooksManage),
    ("rotate_secret", ApiScope::WebhooksManage),
    ("enable_endpoint", ApiScope::WebhooksManage),
    ("disable_endpoint", ApiScope::WebhooksManage),
];

/// Names each operation's scope in its `api_key` security requirement.
fn document_scopes(openapi: &mut utoipa::openapi::OpenApi) {
    for item in openapi.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ];
        for operation in operations.into_iter().flatten() {
            let scope = OPERATION_SCOPES
                .iter()
                .find(|(id, _)| operation.operation_id.as_deref() == Some(*id));
            if let Some((_, scope)) = scope {
                operation.security =
                    Some(vec![SecurityRequirement::new("api_key", [scope.as_str()])]);
            }
        }
    }
}

/// The largest request body the portal reads (`startup`'s payload limit).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The operations that read more than [`MAX_BODY_BYTES`] (their resource's own limit).
const LARGER_BODIES: &[(&str, usize)] = &[("create_links_batch", links_batch::MAX_BODY_BYTES)];

/// The largest body `operation` reads.
fn body_limit(operation: &Operation) -> usize {
    LARGER_BODIES
        .iter()
        .find(|(id, _)| operation.operation_id.as_deref() == Some(*id))
        .map_or(MAX_BODY_BYTES, |(_, limit)| *limit)
}

/// Adds the answers that every operation of a kind shares (see the module's comment).
struct SharedAnswers;

impl Modify for SharedAnswers {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            for operation in [item.get.as_mut(), item.delete.as_mut()]
                .into_iter()
                .flatten()
            {
                add_shared(operation, false);
            }
            if let Some(operation) = item.post.as_mut() {
                add_shared(operation, true);
            }
        }
    }
}

fn add_shared(operation: &mut Operation, is_post: bool) {
    let authenticated = operation
        .security
        .as_ref()
        .is_some_and(|security| !security.is_empty());
    if !authenticated {
        return;
    }
    let retry_after = || {
        Header::builder()
            .schema(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(0)),
            )
            .description(Some("Seconds to wait before trying again"))
            .build()
    };
    let www_authenticate = Header::builder()
        .schema(ObjectBuilder::new().schema_type(Type::String))
        .description(Some("`Bearer`"))
        .build();
    add(
        operation,
        "401",
        "No API key, or one that is unknown or revoked (`unauthenticated`)",
        Some(("WWW-Authenticate", www_authenticate)),
    );
    add(operation, "429", "Over the API key's rate limit (`rate_limited`), or the verification provider is busy (`provider_busy`); try again after `Retry-After` seconds", Some(("Retry-After", retry_after())));
    add(operation, "503", "The database or the verification provider did not answer in time (`service_unavailable`); nothing is lost, try again after `Retry-After` seconds (with the same `Idempotency-Key`)", Some(("Retry-After", retry_after())));
    if is_post {
        operation
            .parameters
            .get_or_insert_with(Vec::new)
            .push(idempotency_key());
        add(
            operation,
            "400",
            "`Idempotency-Key` is not 1 to 255 printable ASCII characters (`invalid_request`)",
            None,
        );
        add(operation, "409", "This `Idempotency-Key` was used with another request, or its first request is still running (`conflict`); nothing was done", None);
    }
    if operation.request_body.is_some() {
        let limit_kib = body_limit(operation) / 1024;
        add(operation, "400", "The body is not JSON sent as `application/json`, or does not match its schema: a missing or unknown field, a wrong type (`invalid_request`); nothing was done", None);
        add(
            operation,
            "413",
            &format!("The body is larger than {limit_kib} KiB; nothing was done"),
            None,
        );
    }
}

/// `Idempotency-Key`: the first request with a key runs, repeats get its stored answer.
fn idempotency_key() -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name("Idempotency-Key")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "Runs the request once: a repeat with the same key and request gets the first answer \
             again (marked `Idempotent-Replayed: true`) and causes nothing more; the same key with \
             another request is a 409. Keys are kept for 24 hours.",
        ))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .max_length(Some(255))
                .pattern(Some("^[!-~]+$")),
        ))
        .build()
}

/// Adds an error answer, or extends the description of the one the handler documents.
fn add(operation: &mut Operation, status: &str, description: &str, header: Option<(&str, Header)>) {
    let response = operation
        .responses
        .responses
        .entry(status.to_owned())
        .or_insert_with(|| error_response("").into());
    if let RefOr::T(response) = response {
        response.description = match response.description.trim() {
            "" => description.to_owned(),
            known if known.contains(description) => known.to_owned(),
            known => format!("{}. Or: {description}", known.trim_end_matches('.')),
        };
        if let Some((name, header)) = header {
            response.headers.insert(name.to_owned(), header);
        }
    }
}

fn error_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            Content::new(Some(Ref::from_schema_name("ErrorBody"))),
        )
        .build()
}

/// The description itself, which needs no API key.
#[utoipa::path(
    get, path = "/api/v1/openapi.json", tag = "meta",
    responses((status = 200, description = "This OpenAPI description", content_type = "application/json", body = serde_json::Value))
)]
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Inquiry Link Portal tenant API", version = "1"),
    paths(
        links::create_link, links_batch::create_links_batch, links::get_link, links::list_links, links::revoke_link, links::pause_link, links::resume_link,
        links::extend_link,
        inquiries::get_inquiry, inquiries::create_session_token, inquiries::create_access_link,
        send::send_link,
        hooks::list_endpoints, hooks::create_endpoint, hooks::delete_endpoint, hooks::list_deliveries,
        hooks::replay_delivery, hooks::replay_failed, hooks::rotate_secret, hooks::enable_endpoint,
        hooks::disable_endpoint,
        openapi_json
    ),
    components(schemas(
        link_request::CreateLinkBody, link_request::DedicatedLinkBody, link_request::StaticLinkBody,
        links_batch::CreateLinksBatchBody, links_batch::LinkBatchBody, links_batch::LinkBatchResult,
        types::ExtendLinkBody, types::LinkBody, types::LinkListBody, types::InquiryBody,
        types::SessionTokenBody, types::AccessLinkBody, types::ErrorBody, types::ErrorDetail,
        send::SendToBody, send::SendLinkBody, send::SendAccessLinkBody, send::MessageQueuedBody,
        webhook_types::CreateWebhookEndpointBody, webhook_types::ReplayFailedBody,
        webhook_types::WebhookEndpointBody, webhook_types::WebhookEndpointListBody,
        webhook_types::WebhookAttemptBody, webhook_types::WebhookDeliveryBody,
        webhook_types::WebhookDeliveryListBody, webhook_types::ReplayedBody
    )),
    modifiers(&ApiKeyScheme, &SharedAnswers)
)]
pub struct ApiDoc;
