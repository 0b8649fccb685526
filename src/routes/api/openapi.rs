//! `GET /api/v1/openapi.json`: the API's description, generated from the handlers' code.

use actix_web::HttpResponse;
use utoipa::{
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
    Modify, OpenApi,
};

use super::{inquiries, links, types, webhook_endpoints as hooks, webhook_types};

struct ApiKeyScheme;

impl Modify for ApiKeyScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("A tenant API key: `Authorization: Bearer ilp_…`"))
                    .build(),
            ),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Inquiry Link Portal tenant API", version = "1"),
    paths(
        links::create_link, links::get_link, links::list_links, links::revoke_link, links::pause_link, links::resume_link,
        links::extend_link,
        inquiries::get_inquiry, inquiries::create_session_token, inquiries::create_access_link
    ),
    components(schemas(
        types::CreateLinkBody, types::ExtendLinkBody, types::LinkBody, types::LinkListBody, types::InquiryBody,
        types::SessionTokenBody, types::AccessLinkBody, types::ErrorBody, types::ErrorDetail
    )),
    modifiers(&ApiKeyScheme)
)]
pub struct ApiDoc;

/// The tenant webhooks' paths (DESIGN 13.4), merged into [`ApiDoc`] when served.
#[derive(OpenApi)]
#[openapi(
    paths(
        hooks::list_endpoints,
        hooks::create_endpoint,
        hooks::delete_endpoint,
        hooks::list_deliveries,
        hooks::replay_delivery,
        hooks::replay_failed,
        hooks::rotate_secret,
        hooks::enable_endpoint,
        hooks::disable_endpoint
    ),
    components(schemas(
        webhook_types::CreateWebhookEndpointBody,
        webhook_types::ReplayFailedBody,
        webhook_types::WebhookEndpointBody,
        webhook_types::WebhookEndpointListBody,
        webhook_types::WebhookAttemptBody,
        webhook_types::WebhookDeliveryBody,
        webhook_types::WebhookDeliveryListBody,
        webhook_types::ReplayedBody
    ))
)]
pub struct WebhookApiDoc;

/// The whole API's description.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut document = ApiDoc::openapi();
    document.merge(WebhookApiDoc::openapi());
    document
}

pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(document())
}
