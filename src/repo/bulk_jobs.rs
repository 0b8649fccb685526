//! Bulk uploads and their rows. The admin's pages read and change them through the
//! tenant's [`TenantScope`]; the worker finds and leases started jobs across tenants.

use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::{
    db::now,
    domain::{BulkJobStatus, BulkRowStatus, PublicId},
    entities::{bulk_jobs, bulk_rows, links},
};

use super::TenantScope;

/// Rows written or looked up per statement (well under SQLite's and PostgreSQL's
/// limits on bound values).
const CHUNK: usize = 500;

pub struct NewJob<'a> {
    pub template_connection_id: i32,
    pub file_name: &'a str,
    pub file_digest: &'a str,
    pub send_email: bool,
    pub total_rows: i32,
    pub created_by: &'a str,
}

pub struct NewRow {
    pub line_number: i32,
    pub row_key: String,
    pub reference_id: Option<String>,
    pub payload_encrypted: Option<String>,
    pub status: BulkRowStatus,
    pub problem: Option<String>,
    pub link_id: Option<i32>,
}

pub async fn insert_job(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    job: NewJob<'_>,
) -> Result<bulk_jobs::Model, DbErr> {
    bulk_jobs::ActiveModel {
        public_id: Set(PublicId::generate("blk").into_string()),
        tenant_id: Set(scope.tenant_id()),
        template_connection_id: Set(job.template_connection_id),
        file_name: Set(job.file_name.to_owned()),
        file_digest: Set(job.file_digest.to_owned()),
        send_email: Set(job.send_email),
        status: Set(BulkJobStatus::Preview),
        total_rows: Set(job.total_rows),
        created_by: Set(job.created_by.to_owned()),
        created_at: Set(now()),
        started_at: Set(None),
        finished_at: Set(None),
        lease_until: Set(None),
        lease_token: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn insert_rows(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    job_id: i32,
    rows: Vec<NewRow>,
) -> Result<(), DbErr> {
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<bulk_rows::ActiveModel> = rows
            .by_ref()
            .take(CHUNK)
            .map(|row| bulk_rows::ActiveModel {
                job_id: Set(job_id),
                tenant_id: Set(scope.tenant_id()),
                line_number: Set(row.line_number),
                row_key: Set(row.row_key),
                reference_id: Set(row.reference_id),
                payload_encrypted: Set(row.payload_encrypted),
                status: Set(row.status),
                problem: Set(row.problem),
                link_id: Set(row.link_id),
                ..Default::default()
            })
            .collect();
        bulk_rows::Entity::insert_many(chunk).exec(db).await?;
    }
    Ok(())
}

pub async fn find(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    public_id: &str,
) -> Result<Option<bulk_jobs::Model>, DbErr> {
    scope
        .bulk_jobs()
        .filter(bulk_jobs::Column::PublicId.eq(public_id))
        .one(db)
        .await
}

/// The job of this very file for this template, if it was uploaded before.
pub async fn find_by_file(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    template_connection_id: i32,
    file_digest: &str,
) -> Result<Option<bulk_jobs::Model>, DbErr> {
    scope
        .bulk_jobs()
        .filter(bulk_jobs::Column::TemplateConnectionId.eq(template_connection_id))
        .filter(bulk_jobs::Column::FileDigest.eq(file_digest))
        .one(db)
        .await
}

/// The tenant's latest uploads, newest first.
pub async fn recent(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    limit: u64,
) -> Result<Vec<bulk_jobs::Model>, DbErr> {
    scope
        .bulk_jobs()
        .order_by_desc(bulk_jobs::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// How many of the job's rows are in each status.
pub async fn row_counts(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    job_id: i32,
) -> Result<Vec<(BulkRowStatus, i64)>, DbErr> {
    scope
        .bulk_rows()
        .select_only()
        .column(bulk_rows::Column::Status)
        .column_as(bulk_rows::Column::Id.count(), "count")
        .filter(bulk_rows::Column::JobId.eq(job_id))
        .group_by(bulk_rows::Column::Status)
        .into_tuple()
        .all(db)
        .await
}

/// The job's rows in `statuses`, in file order, at most `limit`.
pub async fn rows_in(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    job_id: i32,
    statuses: &[BulkRowStatus],
    limit: u64,
) -> Result<Vec<bulk_rows::Model>, DbErr> {
    scope
        .bulk_rows()
        .filter(bulk_rows::Column::JobId.eq(job_id))
        .filter(bulk_rows::Column::Status.is_in(statuses.iter().copied()))
        .order_by_asc(bulk_rows::Column::LineNumber)
        .limit(limit)
        .all(db)
        .await
}

/// Every row of the job, in file order (at most 10,000: the file's limit).
pub async fn all_rows(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    job_id: i32,
) -> Result<Vec<bulk_rows::Model>, DbErr> {
    scope
        .bulk_rows()
        .filter(bulk_rows::Column::JobId.eq(job_id))
        .order_by_asc(bulk_rows::Column::LineNumber)
        .all(db)
        .await
}

/// The links issued for any of `keys` by earlier uploads: (row key, link id).
pub async fn issued_for_keys(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    keys: &[String],
) -> Result<Vec<(String, i32)>, DbErr> {
    let mut found = Vec::new();
    for chunk in keys.chunks(CHUNK) {
        let rows: Vec<(String, Option<i32>)> = scope
            .bulk_rows()
            .select_only()
            .column(bulk_rows::Column::RowKey)
            .column(bulk_rows::Column::LinkId)
            .filter(bulk_rows::Column::Status.eq(BulkRowStatus::Issued))
            .filter(bulk_rows::Column::RowKey.is_in(chunk.iter().cloned()))
            .into_tuple()
            .all(db)
            .await?;
        found.extend(rows.into_iter().filter_map(|(key, id)| Some((key, id?))));
    }
    Ok(found)
}

/// The tenant's links with these ids (an upload's), in no particular order.
pub async fn links_by_ids(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    ids: &[i32],
) -> Result<Vec<links::Model>, DbErr> {
    let mut found = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        let links = scope
            .links()
            .filter(links::Column::Id.is_in(chunk.iter().copied()))
            .all(db)
            .await?;
        found.extend(links);
    }
    Ok(found)
}

/// Starts a job still in preview: its rows with problems are left out when `leave_out`
/// (otherwise the caller has checked there are none). False when it was not in preview.
pub async fn start(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    job_id: i32,
    leave_out: bool,
) -> Result<bool, DbErr> {
    let started = scope_update(scope)
        .col_expr(
            bulk_jobs::Column::Status,
            Expr::value(BulkJobStatus::Issuing),
        )
        .col_expr(bulk_jobs::Column::StartedAt, Expr::value(now()))
        .filter(bulk_jobs::Column::Id.eq(job_id))
        .filter(bulk_jobs::Column::Status.eq(BulkJobStatus::Preview))
        .exec(db)
        .await?;
    if started.rows_affected != 1 {
        return Ok(false);
    }
    if leave_out {
        bulk_rows::Entity::update_many()
            .col_expr(
                bulk_rows::Column::Status,
                Expr::value(BulkRowStatus::Excluded),
            )
            .col_expr(
                bulk_rows::Column::PayloadEncrypted,
                Expr::value(None::<String>),
            )
            .filter(bulk_rows::Column::TenantId.eq(scope.tenant_id()))
            .filter(bulk_rows::Column::JobId.eq(job_id))
            .filter(bulk_rows::Column::Status.eq(BulkRowStatus::Invalid))
            .exec(db)
            .await?;
    }
    Ok(true)
}

/// Stops a job that is issuing; its ready rows stay unissued. False when it was not.
pub async fn cancel(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    job_id: i32,
) -> Result<bool, DbErr> {
    let result = scope_update(scope)
        .col_expr(
            bulk_jobs::Column::Status,
            Expr::value(BulkJobStatus::Cancelled),
        )
        .col_expr(bulk_jobs::Column::FinishedAt, Expr::value(now()))
        .filter(bulk_jobs::Column::Id.eq(job_id))
        .filter(bulk_jobs::Column::Status.eq(BulkJobStatus::Issuing))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Ok(false);
    }
    // The lines that will not be issued need their values no more.
    bulk_rows::Entity::update_many()
        .col_expr(
            bulk_rows::Column::PayloadEncrypted,
            Expr::value(None::<String>),
        )
        .filter(bulk_rows::Column::TenantId.eq(scope.tenant_id()))
        .filter(bulk_rows::Column::JobId.eq(job_id))
        .exec(db)
        .await?;
    Ok(true)
}

fn scope_update(scope: TenantScope) -> sea_orm::UpdateMany<bulk_jobs::Entity> {
    bulk_jobs::Entity::update_many().filter(bulk_jobs::Column::TenantId.eq(scope.tenant_id()))
}
