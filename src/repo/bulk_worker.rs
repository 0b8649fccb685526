//! The bulk worker's side of bulk uploads, across tenants: finding started uploads,
//! leasing one, taking its ready lines and recording their outcomes; and the purge of
//! uploads abandoned in preview.

use sea_orm::{
    sea_query::Expr, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::{
    db::now,
    domain::{BulkJobStatus, BulkRowStatus},
    entities::{bulk_jobs, bulk_rows},
};

/// Ids deleted per statement.
const CHUNK: usize = 500;

fn lease_free(at_ms: i64) -> Condition {
    Condition::any()
        .add(bulk_jobs::Column::LeaseUntil.is_null())
        .add(bulk_jobs::Column::LeaseUntil.lt(at_ms))
}

/// Started jobs no worker holds. Across tenants: the worker's.
pub async fn unleased_issuing(
    db: &impl ConnectionTrait,
    at_ms: i64,
    limit: u64,
) -> Result<Vec<bulk_jobs::Model>, DbErr> {
    bulk_jobs::Entity::find()
        .filter(bulk_jobs::Column::Status.eq(BulkJobStatus::Issuing))
        .filter(lease_free(at_ms))
        .order_by_asc(bulk_jobs::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Takes (or renews, with the same `token`) the lease on an issuing job with a
/// compare-and-swap: true only for the worker whose update found it free or its own.
pub async fn lease(
    db: &impl ConnectionTrait,
    job_id: i32,
    at_ms: i64,
    until_ms: i64,
    token: &str,
) -> Result<bool, DbErr> {
    let result = bulk_jobs::Entity::update_many()
        .col_expr(bulk_jobs::Column::LeaseUntil, Expr::value(until_ms))
        .col_expr(bulk_jobs::Column::LeaseToken, Expr::value(token))
        .filter(bulk_jobs::Column::Id.eq(job_id))
        .filter(bulk_jobs::Column::Status.eq(BulkJobStatus::Issuing))
        .filter(
            Condition::any()
                .add(lease_free(at_ms))
                .add(bulk_jobs::Column::LeaseToken.eq(token)),
        )
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The job's next ready rows, in file order (those a cancel emptied are not ready).
pub async fn ready_rows(
    db: &impl ConnectionTrait,
    job_id: i32,
    limit: u64,
) -> Result<Vec<bulk_rows::Model>, DbErr> {
    bulk_rows::Entity::find()
        .filter(bulk_rows::Column::JobId.eq(job_id))
        .filter(bulk_rows::Column::Status.eq(BulkRowStatus::Ready))
        .filter(bulk_rows::Column::PayloadEncrypted.is_not_null())
        .order_by_asc(bulk_rows::Column::LineNumber)
        .limit(limit)
        .all(db)
        .await
}

/// A row's outcome; its values are forgotten, as nothing needs them any more.
pub async fn finish_row(
    db: &impl ConnectionTrait,
    row_id: i32,
    status: BulkRowStatus,
    problem: Option<String>,
    link_id: Option<i32>,
) -> Result<(), DbErr> {
    bulk_rows::Entity::update_many()
        .col_expr(bulk_rows::Column::Status, Expr::value(status))
        .col_expr(bulk_rows::Column::Problem, Expr::value(problem))
        .col_expr(bulk_rows::Column::LinkId, Expr::value(link_id))
        .col_expr(
            bulk_rows::Column::PayloadEncrypted,
            Expr::value(None::<String>),
        )
        .filter(bulk_rows::Column::Id.eq(row_id))
        .filter(bulk_rows::Column::Status.eq(BulkRowStatus::Ready))
        .exec(db)
        .await?;
    Ok(())
}

/// Marks the job finished and lets go of its lease (only its holder can).
pub async fn finish(db: &impl ConnectionTrait, job_id: i32, token: &str) -> Result<bool, DbErr> {
    let result = bulk_jobs::Entity::update_many()
        .col_expr(
            bulk_jobs::Column::Status,
            Expr::value(BulkJobStatus::Finished),
        )
        .col_expr(bulk_jobs::Column::FinishedAt, Expr::value(now()))
        .col_expr(bulk_jobs::Column::LeaseUntil, Expr::value(None::<i64>))
        .filter(bulk_jobs::Column::Id.eq(job_id))
        .filter(bulk_jobs::Column::Status.eq(BulkJobStatus::Issuing))
        .filter(bulk_jobs::Column::LeaseToken.eq(token))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Deletes the uploads left in preview since before `cutoff`, with their lines (and the
/// personal data in them). Across tenants: the purge job's. Returns how many went.
pub async fn purge_previews_before(db: &impl ConnectionTrait, cutoff: i64) -> Result<u64, DbErr> {
    let abandoned: Vec<i32> = bulk_jobs::Entity::find()
        .select_only()
        .column(bulk_jobs::Column::Id)
        .filter(bulk_jobs::Column::Status.eq(BulkJobStatus::Preview))
        .filter(bulk_jobs::Column::CreatedAt.lt(cutoff))
        .into_tuple()
        .all(db)
        .await?;
    for chunk in abandoned.chunks(CHUNK) {
        bulk_rows::Entity::delete_many()
            .filter(bulk_rows::Column::JobId.is_in(chunk.iter().copied()))
            .exec(db)
            .await?;
        bulk_jobs::Entity::delete_many()
            .filter(bulk_jobs::Column::Id.is_in(chunk.iter().copied()))
            .filter(bulk_jobs::Column::Status.eq(BulkJobStatus::Preview))
            .exec(db)
            .await?;
    }
    Ok(abandoned.len() as u64)
}
