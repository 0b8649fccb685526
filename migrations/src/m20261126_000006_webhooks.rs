//! Status keeping: provider webhook event ids already processed (so a repeated delivery has
//! no second effect) and the reconciler's per-inquiry schedule (so a lost webhook is found
//! again, with backoff, across restarts).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Inquiries {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ProcessedWebhookEvents {
    Table,
    Id,
    EventId,
    EventName,
    InquiryId,
    ReceivedAt,
}

#[derive(DeriveIden)]
enum InquiryChecks {
    Table,
    InquiryId,
    NextCheckAt,
    IntervalSeconds,
    LastCheckedAt,
    Failures,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ProcessedWebhookEvents::Table)
                    .col(big_pk_auto(ProcessedWebhookEvents::Id))
                    .col(string_len_uniq(ProcessedWebhookEvents::EventId, 120))
                    .col(string_len(ProcessedWebhookEvents::EventName, 80))
                    .col(integer_null(ProcessedWebhookEvents::InquiryId))
                    .col(big_integer(ProcessedWebhookEvents::ReceivedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_processed_webhook_events_inquiry")
                            .from(
                                ProcessedWebhookEvents::Table,
                                ProcessedWebhookEvents::InquiryId,
                            )
                            .to(Inquiries::Table, Inquiries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_processed_webhook_events_received")
                    .table(ProcessedWebhookEvents::Table)
                    .col(ProcessedWebhookEvents::ReceivedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(InquiryChecks::Table)
                    .col(integer(InquiryChecks::InquiryId).primary_key())
                    .col(big_integer(InquiryChecks::NextCheckAt))
                    .col(big_integer(InquiryChecks::IntervalSeconds))
                    .col(big_integer_null(InquiryChecks::LastCheckedAt))
                    .col(integer(InquiryChecks::Failures).default(0))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_inquiry_checks_inquiry")
                            .from(InquiryChecks::Table, InquiryChecks::InquiryId)
                            .to(Inquiries::Table, Inquiries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_inquiry_checks_next")
                    .table(InquiryChecks::Table)
                    .col(InquiryChecks::NextCheckAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            InquiryChecks::Table.into_iden(),
            ProcessedWebhookEvents::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
