//! `GET /audit` and `GET /audit.csv`: the tenant's trail, filtered, newest first.

use std::collections::HashMap;

use crate::{
    auth::TenantUser,
    entities::audit_events,
    error::AppError,
    reports::audit::{self, AuditQuery},
    state::AppState,
    views::{
        self,
        activity::describe_details,
        audit::{AuditInput, AuditView},
        csv,
        dashboard::{actor_name, describe_action},
        page_response, Nav,
    },
};
use actix_web::{
    http::{header, StatusCode},
    web, HttpResponse,
};

pub async fn show_audit(
    state: web::Data<AppState>,
    user: TenantUser,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, AppError> {
    let page = audit::page(&state, user.scope(), &query).await?;
    let input = AuditInput {
        actor: query.actor.trim(),
        action: query.action.trim(),
        link: query.link.trim(),
        from: query.from.trim(),
        to: query.to.trim(),
    };
    let status = if page.parsed.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let content = views::audit::audit_page(AuditView {
        events: &page.events,
        names: &page.names,
        input: &input,
        actions: &page.actions,
        errors: &page.parsed.errors,
        next_cursor: page.next_cursor.as_deref(),
        first_page: page.parsed.before.is_none(),
    });
    Ok(page_response(
        user.current.viewer(),
        "Audit trail",
        Nav::Audit,
        None,
        status,
        content,
    ))
}

pub async fn export_audit_csv(
    state: web::Data<AppState>,
    user: TenantUser,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, AppError> {
    let (events, names) = audit::export(&state, user.scope(), &query).await?;
    let mut body = csv::row(&[
        "time_utc",
        "actor",
        "action",
        "description",
        "subject",
        "details",
    ]);
    for event in &events {
        body.push_str(&csv_line(event, &names));
    }
    let filename = format!("audit-{}.csv", chrono::Utc::now().format("%Y%m%d-%H%M%S"));
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .body(body))
}

fn csv_line(event: &audit_events::Model, names: &HashMap<String, String>) -> String {
    let time = chrono::DateTime::from_timestamp(event.created_at, 0)
        .map(|at| at.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default();
    let subject = event
        .subject
        .as_deref()
        .map(|s| actor_name(names, s).to_owned())
        .unwrap_or_default();
    csv::row(&[
        time.as_str(),
        actor_name(names, &event.actor),
        event.action.as_str(),
        describe_action(&event.action),
        subject.as_str(),
        describe_details(event.details.as_deref()).as_str(),
    ])
}
