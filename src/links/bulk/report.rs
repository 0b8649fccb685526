//! What a bulk upload shows: its counts, the lines to look at, and the result file.

use std::collections::HashMap;

use crate::{
    domain::{BulkCounts as Counts, BulkRowStatus},
    entities::{bulk_jobs, bulk_rows, template_connections},
    error::AppError,
    repo::{self, TenantScope},
    state::AppState,
    views::csv,
};

/// How many lines the preview shows of each kind; the result file has them all.
const SHOWN_LINES: u64 = 100;

pub async fn counts(
    state: &AppState,
    scope: TenantScope,
    job: &bulk_jobs::Model,
) -> Result<Counts, AppError> {
    let mut counts = Counts::default();
    for (status, count) in repo::bulk_jobs::row_counts(&state.db.connection, scope, job.id).await? {
        counts.add(status, count);
    }
    Ok(counts)
}

/// A job with what its page shows.
pub struct JobReport {
    pub job: bulk_jobs::Model,
    pub template: Option<template_connections::Model>,
    pub counts: Counts,
    /// Lines with problems (in preview) or that failed (after), at most [`SHOWN_LINES`].
    pub problems: Vec<bulk_rows::Model>,
}

pub async fn job_report(
    state: &AppState,
    scope: TenantScope,
    job: bulk_jobs::Model,
) -> Result<JobReport, AppError> {
    let db = &state.db.connection;
    let template =
        repo::template_connections::find_by_id(db, scope, job.template_connection_id).await?;
    let counts = counts(state, scope, &job).await?;
    let shown = [BulkRowStatus::Invalid, BulkRowStatus::Failed];
    let problems = repo::bulk_jobs::rows_in(db, scope, job.id, &shown, SHOWN_LINES).await?;
    Ok(JobReport {
        job,
        template,
        counts,
        problems,
    })
}

/// The tenant's ten latest uploads with their counts, newest first.
pub async fn recent(
    state: &AppState,
    scope: TenantScope,
) -> Result<Vec<(bulk_jobs::Model, Counts)>, AppError> {
    let jobs = repo::bulk_jobs::recent(&state.db.connection, scope, 10).await?;
    let mut lines = Vec::with_capacity(jobs.len());
    for job in jobs {
        let counts = counts(state, scope, &job).await?;
        lines.push((job, counts));
    }
    Ok(lines)
}

/// The result file: a line per line of the upload, with its link (id and URL) or why it
/// has none. Cells a spreadsheet would run as a formula are neutralised ([`csv::cell`]).
pub async fn result_csv(
    state: &AppState,
    scope: TenantScope,
    job: &bulk_jobs::Model,
) -> Result<String, AppError> {
    let db = &state.db.connection;
    let rows = repo::bulk_jobs::all_rows(db, scope, job.id).await?;
    let link_ids: Vec<i32> = rows.iter().filter_map(|row| row.link_id).collect();
    let links: HashMap<i32, crate::entities::links::Model> =
        repo::bulk_jobs::links_by_ids(db, scope, &link_ids)
            .await?
            .into_iter()
            .map(|link| (link.id, link))
            .collect();
    let mut out = csv::row(&["line", "reference_id", "link_id", "url", "status", "error"]);
    for row in &rows {
        let link = row.link_id.and_then(|id| links.get(&id));
        let url = match link {
            Some(link) => super::super::link_url_of(state, link)?,
            None => String::new(),
        };
        out.push_str(&csv::row(&[
            row.line_number.to_string().as_str(),
            row.reference_id.as_deref().unwrap_or(""),
            link.map(|link| link.public_id.as_str()).unwrap_or(""),
            &url,
            row.status.as_str(),
            &row.problem.as_deref().unwrap_or("").replace('\n', " "),
        ]));
    }
    Ok(out)
}
