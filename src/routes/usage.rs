//! `GET /operator/usage`: every tenant's links, inquiries and API keys against its policy.

use actix_web::{http::StatusCode, web, HttpResponse};

use crate::{
    auth::OperatorUser,
    error::AppError,
    repo::{self, TenantScope},
    state::AppState,
    views::{self, page_response, usage::TenantUsage, Nav},
};

pub async fn show_usage(
    state: web::Data<AppState>,
    operator: OperatorUser,
) -> Result<HttpResponse, AppError> {
    let db = &state.db.connection;
    let mut rows = Vec::new();
    // Operators see across tenants, but each count still goes through one tenant's scope.
    for summary in repo::tenants::list_with_user_counts(db).await? {
        let scope = TenantScope::new(summary.tenant.id);
        rows.push(TenantUsage {
            usage: repo::stats::usage(db, scope).await?,
            policy: repo::policies::get(db, scope).await?,
            tenant: summary.tenant,
            users: summary.user_count,
        });
    }
    Ok(page_response(
        operator.0.viewer(),
        "Usage",
        Nav::Usage,
        None,
        StatusCode::OK,
        views::usage::usage_page(&rows),
    ))
}
