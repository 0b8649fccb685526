use actix_session::Session;
use actix_web::{http::StatusCode, web, HttpResponse};
use serde::Deserialize;

use crate::{
    accounts::{self, CreateError, NewTenantRequest},
    auth::{OperatorUser, ProtectedForm},
    error::AppError,
    repo,
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
    let tenants = repo::tenants::list_with_user_counts(&state.db.connection).await?;
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
    let db = &state.db.connection;
    let tenant = repo::tenants::find_by_slug(db, &path)
        .await?
        .ok_or(AppError::NotFound)?;
    let days = match form.ceiling_days.trim().parse::<i64>() {
        Ok(days) if (1..=3650).contains(&days) => days,
        _ => {
            Flash::error(&session, "The ceiling must be 1 to 3650 days.");
            return Ok(see_other("/operator/tenants"));
        }
    };
    let scope = repo::TenantScope::new(tenant.id);
    let mut policy = repo::policies::get(db, scope).await?;
    policy.ceiling_link_seconds = days * 86_400;
    policy.max_link_seconds = policy.max_link_seconds.min(policy.ceiling_link_seconds);
    policy.default_link_seconds = policy.default_link_seconds.min(policy.max_link_seconds);
    repo::policies::save(db, scope, &policy).await?;
    // API keys carry the policy in their short cache: let the new one apply at once.
    state.forget_api_keys().await;
    repo::audit::record(
        db,
        repo::audit::AuditEntry {
            tenant_id: Some(tenant.id),
            actor: &operator.0.actor(),
            action: "policy.ceiling_changed",
            subject: None,
            details: Some(serde_json::json!({ "ceiling_days": days })),
        },
    )
    .await?;
    Flash::success(
        &session,
        format!("{} may now issue links of up to {days} days.", tenant.name),
    );
    Ok(see_other("/operator/tenants"))
}
