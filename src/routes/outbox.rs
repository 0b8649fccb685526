//! The outbox viewer: `/operator/outbox` for operators (every tenant's messages), and in
//! sandbox mode `/sandbox/mailbox` for any signed-in user (their tenant's messages; an
//! operator's, every tenant's), so a first run without SMTP can follow the whole loop.

use actix_web::{http::StatusCode, web, HttpResponse};

use crate::{
    auth::{CurrentUser, OperatorUser},
    error::AppError,
    notifications::outbox,
    repo::TenantScope,
    state::AppState,
    views::{self, outbox::MessageView, page_response, Nav},
};

const OPERATOR_BASE: &str = "/operator/outbox";
const MAILBOX_BASE: &str = "/sandbox/mailbox";

async fn list(
    state: &AppState,
    user: &CurrentUser,
    scope: Option<TenantScope>,
    base: &str,
) -> Result<HttpResponse, AppError> {
    let messages = outbox::latest(state, scope).await?;
    let delivering = state.settings.mail.smtp_url.is_some();
    let content = views::outbox::list_page(&messages, base, delivering);
    Ok(page_response(
        user.viewer(),
        "Outbox",
        Nav::Outbox,
        None,
        StatusCode::OK,
        content,
    ))
}

async fn open(
    state: &AppState,
    user: &CurrentUser,
    scope: Option<TenantScope>,
    public_id: &str,
    base: &str,
) -> Result<HttpResponse, AppError> {
    let message = outbox::find(state, scope, public_id).await?;
    let links = outbox::links_in(&message.text);
    let view = MessageView {
        row: &message.row,
        to: &message.to,
        text: &message.text,
        html: &message.html,
        links: &links,
    };
    Ok(page_response(
        user.viewer(),
        &message.row.subject,
        Nav::Outbox,
        None,
        StatusCode::OK,
        views::outbox::message_page(&view, base),
    ))
}

pub async fn show_outbox(
    state: web::Data<AppState>,
    operator: OperatorUser,
) -> Result<HttpResponse, AppError> {
    list(&state, &operator.0, None, OPERATOR_BASE).await
}

pub async fn show_outbox_message(
    state: web::Data<AppState>,
    operator: OperatorUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    open(&state, &operator.0, None, &path, OPERATOR_BASE).await
}

/// The mailbox exists in sandbox mode only.
fn mailbox_scope(state: &AppState, user: &CurrentUser) -> Result<Option<TenantScope>, AppError> {
    if !state.settings.is_sandbox() {
        return Err(AppError::NotFound);
    }
    Ok(user.tenant_scope())
}

pub async fn show_mailbox(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let scope = mailbox_scope(&state, &user)?;
    list(&state, &user, scope, MAILBOX_BASE).await
}

pub async fn show_mailbox_message(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let scope = mailbox_scope(&state, &user)?;
    open(&state, &user, scope, &path, MAILBOX_BASE).await
}
