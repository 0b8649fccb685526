//! `GET /api/v1/openapi.json`: the API's description, generated from the handlers' code.

use actix_web::HttpResponse;
use utoipa::{
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme},
    Modify, OpenApi,
};

use crate::domain::ApiScope;

use super::{inquiries, links, types};

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
    ("get_link", ApiScope::LinksRead),
    ("list_links", ApiScope::LinksRead),
    ("revoke_link", ApiScope::LinksWrite),
    ("pause_link", ApiScope::LinksWrite),
    ("resume_link", ApiScope::LinksWrite),
    ("extend_link", ApiScope::LinksWrite),
    ("get_inquiry", ApiScope::InquiriesRead),
    ("create_session_token", ApiScope::TokensWrite),
    ("create_access_link", ApiScope::TokensWrite),
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

pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}
