//! Bulk issuing (issue #17): an uploaded CSV file becomes a job with one row per line.
//! Rows keep the line's values encrypted until the row is done, and a key derived from
//! those values, so that the same line uploaded again is recognised and not issued twice.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum BulkJobs {
    Table,
    Id,
    PublicId,
    TenantId,
    TemplateConnectionId,
    FileName,
    FileDigest,
    SendEmail,
    Status,
    TotalRows,
    CreatedBy,
    CreatedAt,
    StartedAt,
    FinishedAt,
    LeaseUntil,
    LeaseToken,
}

#[derive(DeriveIden)]
enum BulkRows {
    Table,
    Id,
    JobId,
    TenantId,
    LineNumber,
    RowKey,
    ReferenceId,
    PayloadEncrypted,
    Status,
    Problem,
    LinkId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(BulkJobs::Table)
                    .col(pk_auto(BulkJobs::Id))
                    .col(string_len_uniq(BulkJobs::PublicId, 40))
                    .col(integer(BulkJobs::TenantId))
                    .col(integer(BulkJobs::TemplateConnectionId))
                    .col(string_len(BulkJobs::FileName, 255))
                    // SHA-256 of the file's bytes: the same file for the same template is one job.
                    .col(string_len(BulkJobs::FileDigest, 64))
                    .col(boolean(BulkJobs::SendEmail))
                    .col(string_len(BulkJobs::Status, 16))
                    .col(integer(BulkJobs::TotalRows))
                    .col(string_len(BulkJobs::CreatedBy, 255))
                    .col(big_integer(BulkJobs::CreatedAt))
                    .col(big_integer_null(BulkJobs::StartedAt))
                    .col(big_integer_null(BulkJobs::FinishedAt))
                    // The instance working on the job holds it until then (milliseconds).
                    .col(big_integer_null(BulkJobs::LeaseUntil))
                    .col(string_len_null(BulkJobs::LeaseToken, 64))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_bulk_jobs_tenant")
                            .from(BulkJobs::Table, BulkJobs::TenantId)
                            .to(Tenants::Table, Tenants::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_bulk_jobs_file")
                    .table(BulkJobs::Table)
                    .col(BulkJobs::TenantId)
                    .col(BulkJobs::TemplateConnectionId)
                    .col(BulkJobs::FileDigest)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_bulk_jobs_status")
                    .table(BulkJobs::Table)
                    .col(BulkJobs::Status)
                    .to_owned(),
            )
            .await?;
        create_rows(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(BulkRows::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(BulkJobs::Table).to_owned())
            .await
    }
}

async fn create_rows(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(BulkRows::Table)
                .col(pk_auto(BulkRows::Id))
                .col(integer(BulkRows::JobId))
                .col(integer(BulkRows::TenantId))
                // The line of the file the row starts on (the header is line 1).
                .col(integer(BulkRows::LineNumber))
                .col(string_len(BulkRows::RowKey, 64))
                .col(string_len_null(BulkRows::ReferenceId, 255))
                .col(text_null(BulkRows::PayloadEncrypted))
                .col(string_len(BulkRows::Status, 16))
                .col(text_null(BulkRows::Problem))
                .col(integer_null(BulkRows::LinkId))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_bulk_rows_job")
                        .from(BulkRows::Table, BulkRows::JobId)
                        .to(BulkJobs::Table, BulkJobs::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            Index::create()
                .name("idx_bulk_rows_job_line")
                .table(BulkRows::Table)
                .col(BulkRows::JobId)
                .col(BulkRows::LineNumber)
                .unique()
                .to_owned(),
        )
        .await?;
    // An identical line uploaded again is found by its key.
    manager
        .create_index(
            Index::create()
                .name("idx_bulk_rows_key")
                .table(BulkRows::Table)
                .col(BulkRows::TenantId)
                .col(BulkRows::RowKey)
                .to_owned(),
        )
        .await
}
