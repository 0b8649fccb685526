use actix_session::Session;
use actix_web::{http::StatusCode, web, HttpResponse};
use serde::Deserialize;

use crate::{
    accounts::{self, policy, CreateError, NewTenantRequest},
    auth::{OperatorUser, ProtectedForm},
    error::AppError,
    state::AppState,
    views::{self, operator::NewTenantInput, page_response, Flash, Nav},
};

use super::see_other;

pub async fn operator_home(_operator: OperatorUser) -> HttpResponse {
    see_other("/operator/tenants")
}

async fn tenants_response(
    state: &AppState,
    operator: &OperatorUser,
    flash: Option<Flash>,
    input: &NewTenantInput,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let tenants = accounts::tenant_summaries(&state.db).await?;
    let content = views::operator::tenants_page(&tenants, &operator.0.csrf_token, input);
    Ok(page_response(
        operator.0.viewer(),
        "Tenants",
        Nav::Tenants,
        flash,
        status,
        content,
    ))
}

pub async fn list_tenants(
    state: web::Data<AppState>,
    session: Session,
    operator: OperatorUser,
) -> Result<HttpResponse, AppError> {
    tenants_response(
        &state,
        &operator,
        Flash::take(&session),
        &NewTenantInput::default(),
        StatusCode::OK,
    )
    .await
}

#[derive(Deserialize)]
pub struct NewTenantForm {
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    admin_email: String,
    #[serde(default)]
    admin_password: String,
}

pub async fn create_tenant(
    state: web::Data<AppState>,
    session: Session,
    operator: OperatorUser,
    ProtectedForm(form): ProtectedForm<NewTenantForm>,
) -> Result<HttpResponse, AppError> {
    let result = accounts::create_tenant_with_owner(
        &state.db,
        &state.password_hasher,
        &operator.0.actor(),
        NewTenantRequest {
            slug: &form.slug,
            name: &form.name,
            admin_email: &form.admin_email,
            admin_password: &form.admin_password,
        },
    )
    .await;
    match result {
        Ok((tenant, _owner)) => {
            Flash::success(
                &session,
                format!("Tenant {} created. Its owner can sign in now.", tenant.name),
            );
            Ok(see_other("/operator/tenants"))
        }
        Err(CreateError::Invalid(errors)) => {
            let input = NewTenantInput {
                slug: form.slug,
                name: form.name,
                admin_email: form.admin_email,
                slug_error: errors.slug,
                name_error: errors.name,
                admin_email_error: errors.admin_email,
                password_error: errors.admin_password,
            };
            tenants_response(
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

#[derive(Deserialize)]
pub struct CeilingForm {
    #[serde(default)]
    ceiling_days: String,
}

/// Sets a tenant's link-lifetime ceiling; the tenant's own default and maximum are lowered
/// to it when they were above.
pub async fn set_ceiling(
    state: web::Data<AppState>,
    session: Session,
    operator: OperatorUser,
    path: web::Path<String>,
    ProtectedForm(form): ProtectedForm<CeilingForm>,
) -> Result<HttpResponse, AppError> {
    let days = form.ceiling_days.trim().parse::<i64>().unwrap_or(0);
    let Some(tenant) = policy::set_ceiling(&state, &path, &operator.0.actor(), days).await? else {
        Flash::error(&session, "The ceiling must be 1 to 3650 days.");
        return Ok(see_other("/operator/tenants"));
    };
    Flash::success(
        &session,
        format!("{} may now issue links of up to {days} days.", tenant.name),
    );
    Ok(see_other("/operator/tenants"))
}
