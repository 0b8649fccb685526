//! Notifications (DESIGN 13.3): the outbox every message is written to in the same
//! transaction as the action that causes it, and the tenant policy's reminder offsets and
//! self-service extension.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum TenantPolicies {
    Table,
    ReminderOffsetsSeconds,
    SelfServiceExtensionSeconds,
}

#[derive(DeriveIden)]
enum OutboxMessages {
    Table,
    Id,
    PublicId,
    TenantId,
    LinkId,
    Kind,
    DedupeKey,
    RecipientMasked,
    Subject,
    PayloadEncrypted,
    State,
    Attempts,
    NextAttemptAt,
    LeaseUntil,
    LastError,
    CreatedAt,
    SentAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OutboxMessages::Table)
                    .col(pk_auto(OutboxMessages::Id))
                    .col(string_len_uniq(OutboxMessages::PublicId, 64))
                    .col(integer(OutboxMessages::TenantId))
                    .col(integer_null(OutboxMessages::LinkId))
                    .col(string_len(OutboxMessages::Kind, 32))
                    // Unique where set: a reminder per link and offset is enqueued once.
                    .col(string_len_null(OutboxMessages::DedupeKey, 128).unique_key())
                    .col(string_len(OutboxMessages::RecipientMasked, 320))
                    .col(text(OutboxMessages::Subject))
                    .col(text(OutboxMessages::PayloadEncrypted))
                    .col(string_len(OutboxMessages::State, 16))
                    .col(integer(OutboxMessages::Attempts).default(0))
                    .col(big_integer(OutboxMessages::NextAttemptAt))
                    .col(big_integer_null(OutboxMessages::LeaseUntil))
                    .col(text_null(OutboxMessages::LastError))
                    .col(big_integer(OutboxMessages::CreatedAt))
                    .col(big_integer_null(OutboxMessages::SentAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_outbox_messages_tenant")
                            .from(OutboxMessages::Table, OutboxMessages::TenantId)
                            .to(Tenants::Table, Tenants::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_messages_due")
                    .table(OutboxMessages::Table)
                    .col(OutboxMessages::State)
                    .col(OutboxMessages::NextAttemptAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_messages_link")
                    .table(OutboxMessages::Table)
                    .col(OutboxMessages::LinkId)
                    .to_owned(),
            )
            .await?;
        // SQLite alters one column per statement.
        manager
            .alter_table(
                Table::alter()
                    .table(TenantPolicies::Table)
                    .add_column(
                        string_len(TenantPolicies::ReminderOffsetsSeconds, 200)
                            .default("172800,14400"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(TenantPolicies::Table)
                    .add_column(big_integer(TenantPolicies::SelfServiceExtensionSeconds).default(0))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            TenantPolicies::SelfServiceExtensionSeconds,
            TenantPolicies::ReminderOffsetsSeconds,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(TenantPolicies::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(OutboxMessages::Table).to_owned())
            .await
    }
}
