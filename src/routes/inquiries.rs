use actix_session::Session;
use actix_web::{http::StatusCode, web, HttpResponse};

use crate::{
    auth::TenantUser,
    error::AppError,
    repo,
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
    let db = &state.db.connection;
    let inquiry = repo::inquiries::find(db, member.scope(), &path)
        .await?
        .ok_or(AppError::NotFound)?;
    let link = match inquiry.link_id {
        Some(id) => repo::links::public_id_of(db, member.scope(), id).await?,
        None => None,
    };
    let events = repo::audit::for_subject(
        db,
        member.scope(),
        &repo::audit::inquiry_subject(&inquiry.provider_inquiry_id),
        50,
    )
    .await?;
    let names = repo::audit::team_names(db, member.scope()).await?;
    let content = views::inquiry::inquiry_page(&inquiry, link.as_deref(), &events, &names);
    Ok(page_response(
        member.current.viewer(),
        "Inquiry",
        Nav::Links,
        Flash::take(&session),
        StatusCode::OK,
        content,
    ))
}
