use std::collections::HashMap;

use actix_session::Session;
use actix_web::{http::StatusCode, web, HttpResponse};

use crate::{
    accounts::policy,
    auth::{ProtectedForm, TenantUser},
    entities::tenant_policies,
    error::AppError,
    links::{policy::parse_policy, FieldErrors},
    state::AppState,
    views::{self, page_response, Flash, Nav},
};

use super::see_other;

fn policy_values(policy: &tenant_policies::Model) -> HashMap<String, String> {
    [
        (
            "default_link_seconds",
            policy.default_link_seconds.to_string(),
        ),
        ("max_link_seconds", policy.max_link_seconds.to_string()),
        (
            "reminder_offsets_seconds",
            policy.reminder_offsets_seconds.clone(),
        ),
        (
            "self_service_extension_seconds",
            policy.self_service_extension_seconds.to_string(),
        ),
        (
            "access_link_seconds",
            policy.access_link_seconds.to_string(),
        ),
        (
            "max_resume_age_seconds",
            policy.max_resume_age_seconds.to_string(),
        ),
        (
            "stale_version_action",
            policy.stale_version_action.to_string(),
        ),
        (
            "min_token_remaining_seconds",
            policy.min_token_remaining_seconds.to_string(),
        ),
        (
            "resumes_per_inquiry_per_hour",
            policy.resumes_per_inquiry_per_hour.to_string(),
        ),
        (
            "access_links_per_inquiry_per_hour",
            policy.access_links_per_inquiry_per_hour.to_string(),
        ),
        (
            "api_requests_per_minute",
            policy.api_requests_per_minute.to_string(),
        ),
        (
            "static_inquiries_per_ip_per_hour",
            policy.static_inquiries_per_ip_per_hour.to_string(),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

fn page(
    member: &TenantUser,
    policy: &tenant_policies::Model,
    values: &HashMap<String, String>,
    errors: &FieldErrors,
    flash: Option<Flash>,
    status: StatusCode,
) -> HttpResponse {
    let lookup = |name: &str| values.get(name).cloned().unwrap_or_default();
    let content = views::settings::settings_page(
        policy,
        &lookup,
        errors,
        &member.current.csrf_token,
        member.role().is_owner(),
    );
    page_response(
        member.current.viewer(),
        "Settings",
        Nav::Settings,
        flash,
        status,
        content,
    )
}

pub async fn show_settings(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
) -> Result<HttpResponse, AppError> {
    let policy = policy::load(&state, member.scope()).await?;
    Ok(page(
        &member,
        &policy,
        &policy_values(&policy),
        &FieldErrors::default(),
        Flash::take(&session),
        StatusCode::OK,
    ))
}

pub async fn save_settings(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
    ProtectedForm(pairs): ProtectedForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    member.require_owner()?;
    let current = policy::load(&state, member.scope()).await?;
    let values: HashMap<String, String> = crate::http::durations::fold(pairs).into_iter().collect();
    match parse_policy(&current, |name| {
        values.get(name).cloned().unwrap_or_default()
    }) {
        Ok(policy) => {
            policy::save(&state, member.scope(), &member.current.actor(), &policy).await?;
            Flash::success(&session, "Settings saved.");
            Ok(see_other("/settings"))
        }
        Err(errors) => Ok(page(
            &member,
            &current,
            &values,
            &errors,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )),
    }
}
