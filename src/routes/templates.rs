use actix_session::Session;
use actix_web::{http::StatusCode, web, HttpResponse};

use crate::{
    accounts::CreateError,
    auth::{OperatorUser, ProtectedForm, TenantUser},
    error::AppError,
    state::AppState,
    templates::{self, ConnectRequest},
    views::{
        self, page_response,
        templates::{ConnectInput, OperatorTemplatesView, ProviderTemplateOption},
        Flash, Nav,
    },
};

use super::see_other;

/// The tenant's own view of its connected templates.
pub async fn list_templates(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
) -> Result<HttpResponse, AppError> {
    let connections = templates::for_tenant(&state.db, member.scope()).await?;
    Ok(page_response(
        member.current.viewer(),
        "Templates",
        Nav::Templates,
        Flash::take(&session),
        StatusCode::OK,
        views::templates::tenant_templates_page(&connections),
    ))
}

async fn operator_page(
    state: &AppState,
    operator: &OperatorUser,
    flash: Option<Flash>,
    input: &ConnectInput,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let overview = templates::operator_overview(&state.db, &state.provider).await?;
    // The provider's list is a convenience: the page works (with a note) when it is down.
    let provider_templates = overview.provider_templates.map(|templates| {
        templates
            .into_iter()
            .map(|(id, name)| ProviderTemplateOption { id, name })
            .collect::<Vec<_>>()
    });
    let unavailable = "The provider's template list is unavailable right now.";
    let content = views::templates::operator_templates_page(OperatorTemplatesView {
        connections: &overview.connections,
        tenants: &overview.tenants,
        provider_templates: provider_templates.as_deref().map_err(|_| unavailable),
        csrf_token: &operator.0.csrf_token,
        input,
    });
    Ok(page_response(
        operator.0.viewer(),
        "Template connections",
        Nav::TemplateConnections,
        flash,
        status,
        content,
    ))
}

pub async fn list_connections(
    state: web::Data<AppState>,
    session: Session,
    operator: OperatorUser,
) -> Result<HttpResponse, AppError> {
    let input = ConnectInput {
        allowed_fields: crate::domain::PrefillField::DEFAULT_ALLOWED
            .iter()
            .map(|field| field.as_str().to_owned())
            .collect(),
        ..ConnectInput::default()
    };
    operator_page(
        &state,
        &operator,
        Flash::take(&session),
        &input,
        StatusCode::OK,
    )
    .await
}

/// The connect form. Its checkboxes repeat `allowed_fields`, which a struct cannot be
/// decoded from (`serde_urlencoded` has no sequences), so it is read from the pairs.
#[derive(Default)]
pub struct ConnectForm {
    tenant: String,
    template_id: String,
    name: String,
    default_expires_in_seconds: String,
    allowed_fields: Vec<String>,
}

impl ConnectForm {
    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut form = ConnectForm::default();
        for (name, value) in pairs {
            match name.as_str() {
                "tenant" => form.tenant = value,
                "template_id" => form.template_id = value,
                "name" => form.name = value,
                "default_expires_in_seconds" => form.default_expires_in_seconds = value,
                "allowed_fields" => form.allowed_fields.push(value),
                _ => {}
            }
        }
        form
    }
}

pub async fn connect_template(
    state: web::Data<AppState>,
    session: Session,
    operator: OperatorUser,
    ProtectedForm(pairs): ProtectedForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let form = ConnectForm::from_pairs(pairs);
    let result = templates::connect(
        &state.db,
        &state.provider,
        &operator.0.actor(),
        ConnectRequest {
            tenant_slug: &form.tenant,
            template_id: &form.template_id,
            name: &form.name,
            default_expires_in_seconds: &form.default_expires_in_seconds,
            allowed_fields: &form.allowed_fields,
        },
    )
    .await;
    match result {
        Ok(connection) => {
            Flash::success(&session, format!("{} is connected.", connection.name));
            Ok(see_other("/operator/templates"))
        }
        Err(CreateError::Invalid(errors)) => {
            let input = ConnectInput {
                tenant: form.tenant,
                template_id: form.template_id,
                name: form.name,
                default_expires_in_seconds: form.default_expires_in_seconds,
                allowed_fields: form.allowed_fields,
                tenant_error: errors.tenant,
                template_error: errors.template,
                name_error: errors.name,
                expiry_error: errors.expiry,
                fields_error: errors.fields,
            };
            operator_page(
                &state,
                &operator,
                None,
                &input,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(CreateError::App(error)) => Err(error),
    }
}
