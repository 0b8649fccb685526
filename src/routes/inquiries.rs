use actix_session::Session;
use actix_web::{http::StatusCode, web, HttpResponse};

use crate::{
    auth::TenantUser,
    error::AppError,
    links::pages,
    state::AppState,
    views::{self, page_response, Flash, Nav},
};

/// `GET /inquiries/{id}` (the provider's `inq_…` id): another tenant's is a 404.
pub async fn show_inquiry(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let data = pages::inquiry_page_data(&state, member.scope(), &path).await?;
    let content = views::inquiry::inquiry_page(
        &data.inquiry,
        data.link_public_id.as_deref(),
        &data.events,
        &data.names,
    );
    Ok(page_response(
        member.current.viewer(),
        "Inquiry",
        Nav::Links,
        Flash::take(&session),
        StatusCode::OK,
        content,
    ))
}
