//! `GET /operator/usage`: every tenant's links, inquiries and API keys against its policy.

use actix_web::{http::StatusCode, web, HttpResponse};

use crate::{
    auth::OperatorUser,
    error::AppError,
    reports::usage,
    state::AppState,
    views::{self, page_response, Nav},
};

pub async fn show_usage(
    state: web::Data<AppState>,
    operator: OperatorUser,
) -> Result<HttpResponse, AppError> {
    let rows = usage::all_tenants(&state).await?;
    Ok(page_response(
        operator.0.viewer(),
        "Usage",
        Nav::Usage,
        None,
        StatusCode::OK,
        views::usage::usage_page(&rows),
    ))
}
