//! `GET /audit` and `GET /audit.csv`: the tenant's trail, filtered, newest first. Every
//! tenant role may read it; nothing here writes.

use std::collections::HashMap;

use actix_web::{
    http::{header, StatusCode},
    web, HttpResponse,
};
use chrono::NaiveDate;
use serde::Deserialize;

use crate::{
    auth::TenantUser,
    crypto::DataCipher,
    domain::PublicId,
    entities::audit_events,
    error::AppError,
    repo::{self, audit::AuditFilter, TenantScope},
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

const PAGE_SIZE: u64 = 50;
/// One export holds at most this many events; narrower filters get the rest.
pub const MAX_EXPORT_ROWS: usize = 10_000;
const EXPORT_BATCH: u64 = 500;

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    link: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    /// Opaque keyset cursor: the last event of the previous page, encrypted so that
    /// internal ids never leave the server.
    #[serde(default)]
    after: String,
}

/// The query, checked: a filter and cursor, or the messages to show next to the form.
struct Parsed {
    filter: AuditFilter,
    before: Option<i64>,
    errors: Vec<String>,
}

fn cursor_context(scope: TenantScope) -> String {
    format!("audit-cursor:{}", scope.tenant_id())
}

fn non_empty(value: &str) -> Option<String> {
    Some(value.trim().to_owned()).filter(|v| !v.is_empty())
}

fn parse(query: &AuditQuery, scope: TenantScope, cipher: &DataCipher) -> Parsed {
    let mut errors = Vec::new();
    let mut filter = AuditFilter {
        actor: non_empty(&query.actor),
        action: non_empty(&query.action),
        ..AuditFilter::default()
    };
    if filter.actor.as_ref().is_some_and(|a| a.len() > 120) {
        errors.push("The actor is too long.".to_owned());
    }
    if filter.action.as_ref().is_some_and(|a| a.len() > 60) {
        errors.push("The action is too long.".to_owned());
    }
    if let Some(link) = non_empty(&query.link) {
        match PublicId::parse("lnk", &link) {
            Some(id) => filter.subject = Some(repo::audit::link_subject(id.as_str())),
            None => {
                errors.push("Enter a link id like lnk_4bX…, as shown on the link's page.".into())
            }
        }
    }
    let mut day = |value: &str, label: &str| -> Option<i64> {
        let value = non_empty(value)?;
        match NaiveDate::parse_from_str(&value, "%Y-%m-%d") {
            Ok(date) => date.and_hms_opt(0, 0, 0).map(|t| t.and_utc().timestamp()),
            Err(_) => {
                errors.push(format!("The {label} date must look like 2026-01-31."));
                None
            }
        }
    };
    filter.from = day(&query.from, "from");
    // "To" includes the whole day: the bound is the next midnight.
    filter.until = day(&query.to, "to").map(|midnight| midnight + 24 * 60 * 60);
    if let (Some(from), Some(until)) = (filter.from, filter.until) {
        if from >= until {
            errors.push("The from date must not be after the to date.".into());
        }
    }
    let before = non_empty(&query.after).and_then(|cursor| {
        match cipher
            .decrypt(&cursor, &cursor_context(scope))
            .ok()
            .and_then(|id| id.parse::<i64>().ok())
        {
            Some(id) => Some(id),
            None => {
                errors.push(
                    "That page link is not valid any more; start from the first page.".into(),
                );
                None
            }
        }
    });
    Parsed {
        filter,
        before,
        errors,
    }
}

fn cipher(state: &AppState) -> Result<DataCipher, AppError> {
    DataCipher::new(&state.settings.data_key).map_err(AppError::internal)
}

pub async fn show_audit(
    state: web::Data<AppState>,
    user: TenantUser,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, AppError> {
    let scope = user.scope();
    let db = &state.db.connection;
    let cipher = cipher(&state)?;
    let parsed = parse(&query, scope, &cipher);
    let names = repo::audit::team_names(db, scope).await?;
    let mut events = Vec::new();
    let mut next_cursor = None;
    if parsed.errors.is_empty() {
        events =
            repo::audit::search(db, scope, &parsed.filter, parsed.before, PAGE_SIZE + 1).await?;
        if events.len() as u64 > PAGE_SIZE {
            events.truncate(PAGE_SIZE as usize);
            if let Some(last) = events.last() {
                next_cursor = Some(
                    cipher
                        .encrypt(&last.id.to_string(), &cursor_context(scope))
                        .map_err(AppError::internal)?,
                );
            }
        }
    }
    let actions = repo::audit::actions(db, scope).await?;
    let input = AuditInput {
        actor: query.actor.trim(),
        action: query.action.trim(),
        link: query.link.trim(),
        from: query.from.trim(),
        to: query.to.trim(),
    };
    let status = if parsed.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let content = views::audit::audit_page(AuditView {
        events: &events,
        names: &names,
        input: &input,
        actions: &actions,
        errors: &parsed.errors,
        next_cursor: next_cursor.as_deref(),
        first_page: parsed.before.is_none(),
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
    let scope = user.scope();
    let db = &state.db.connection;
    let parsed = parse(&query, scope, &cipher(&state)?);
    if let Some(error) = parsed.errors.first() {
        return Err(AppError::BadRequest(error.clone()));
    }
    let names = repo::audit::team_names(db, scope).await?;
    let mut body = csv::row(&[
        "time_utc",
        "actor",
        "action",
        "description",
        "subject",
        "details",
    ]);
    let mut before = parsed.before;
    let mut written = 0;
    while written < MAX_EXPORT_ROWS {
        let batch = repo::audit::search(db, scope, &parsed.filter, before, EXPORT_BATCH).await?;
        for event in &batch {
            body.push_str(&csv_line(event, &names));
        }
        written += batch.len();
        match batch.last() {
            Some(last) if batch.len() as u64 == EXPORT_BATCH => before = Some(last.id),
            _ => break,
        }
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
