//! The audit trail, read: the filter form checked, one page of events with an opaque
//! cursor, and the events of an export. Every tenant role may read it; nothing here writes.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::{
    crypto::DataCipher,
    domain::PublicId,
    entities::audit_events,
    error::AppError,
    repo::{self, audit::AuditFilter, TenantScope},
    state::AppState,
};

const PAGE_SIZE: u64 = 50;
/// One export holds at most this many events; narrower filters get the rest.
pub const MAX_EXPORT_ROWS: usize = 10_000;
const EXPORT_BATCH: u64 = 500;

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub link: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    /// Opaque keyset cursor: the last event of the previous page, encrypted so that
    /// internal ids never leave the server.
    #[serde(default)]
    pub after: String,
}

/// The query, checked: a filter and cursor, or the messages to show next to the form.
pub struct Parsed {
    pub filter: AuditFilter,
    pub before: Option<i64>,
    pub errors: Vec<String>,
}

fn cursor_context(scope: TenantScope) -> String {
    format!("audit-cursor:{}", scope.tenant_id())
}

fn non_empty(value: &str) -> Option<String> {
    Some(value.trim().to_owned()).filter(|v| !v.is_empty())
}

pub fn parse(query: &AuditQuery, scope: TenantScope, cipher: &DataCipher) -> Parsed {
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

/// One page of the trail with what the filter form offers.
pub struct AuditPage {
    pub parsed: Parsed,
    pub events: Vec<audit_events::Model>,
    /// Display names of the team, by audit actor (`user:usr_…`).
    pub names: HashMap<String, String>,
    /// Every action the tenant's trail holds, for the filter's choices.
    pub actions: Vec<String>,
    /// The encrypted cursor of the next page, when there is one.
    pub next_cursor: Option<String>,
}

/// The page of events `query` asks for; with errors in the query, no events and the errors.
pub async fn page(
    state: &AppState,
    scope: TenantScope,
    query: &AuditQuery,
) -> Result<AuditPage, AppError> {
    let db = &state.db.connection;
    let cipher = &state.cipher;
    let parsed = parse(query, scope, cipher);
    let mut names = repo::audit::team_names(db, scope).await?;
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
    names.extend(repo::audit::subject_names(db, scope, &events).await?);
    Ok(AuditPage {
        parsed,
        events,
        names,
        actions,
        next_cursor,
    })
}

/// The events of an export (at most [`MAX_EXPORT_ROWS`], newest first) with the team's
/// names; a query with errors is a 400.
pub async fn export(
    state: &AppState,
    scope: TenantScope,
    query: &AuditQuery,
) -> Result<(Vec<audit_events::Model>, HashMap<String, String>), AppError> {
    let db = &state.db.connection;
    let parsed = parse(query, scope, &state.cipher);
    if let Some(error) = parsed.errors.first() {
        return Err(AppError::BadRequest(error.clone()));
    }
    let names = repo::audit::team_names(db, scope).await?;
    let mut events = Vec::new();
    let mut before = parsed.before;
    while events.len() < MAX_EXPORT_ROWS {
        let batch = repo::audit::search(db, scope, &parsed.filter, before, EXPORT_BATCH).await?;
        let full = batch.len() as u64 == EXPORT_BATCH;
        before = batch.last().map(|last| last.id);
        events.extend(batch);
        if !full {
            break;
        }
    }
    Ok((events, names))
}
