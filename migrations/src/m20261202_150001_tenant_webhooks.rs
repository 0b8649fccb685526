//! Tenant webhooks (DESIGN 13.4): the tenants' endpoints, the outbox of events written with
//! the state change that caused them, one delivery per endpoint and event (leased by the
//! worker that attempts it), the log of attempts, and the per-inquiry sequence counters.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum WebhookEndpoints {
    Table,
    Id,
    PublicId,
    TenantId,
    Url,
    EventTypes,
    SecretEncrypted,
    PreviousSecretEncrypted,
    PreviousSecretUntil,
    Enabled,
    DisabledReason,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum WebhookEvents {
    Table,
    Id,
    PublicId,
    TenantId,
    EventType,
    Body,
    SequenceKey,
    Sequence,
    CreatedAt,
}

#[derive(DeriveIden)]
enum WebhookDeliveries {
    Table,
    Id,
    PublicId,
    TenantId,
    EndpointId,
    EventId,
    Status,
    Attempts,
    NextAttemptAtMs,
    LeaseUntilMs,
    LeaseToken,
    LastStatusCode,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum WebhookAttempts {
    Table,
    Id,
    TenantId,
    EndpointId,
    DeliveryId,
    Attempt,
    AttemptedAt,
    StatusCode,
    LatencyMs,
    ResponseBody,
    Error,
}

#[derive(DeriveIden)]
enum WebhookSequences {
    Table,
    SequenceKey,
    TenantId,
    LastSequence,
}

fn tenant_fk(table: impl IntoIden, column: impl IntoIden, name: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, column)
        .to(Tenants::Table, Tenants::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

impl Migration {
    async fn endpoints(&self, manager: &SchemaManager<'_>) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WebhookEndpoints::Table)
                    .col(pk_auto(WebhookEndpoints::Id))
                    .col(string_len_uniq(WebhookEndpoints::PublicId, 40))
                    .col(integer(WebhookEndpoints::TenantId))
                    .col(string_len(WebhookEndpoints::Url, 2048))
                    .col(text(WebhookEndpoints::EventTypes))
                    .col(text(WebhookEndpoints::SecretEncrypted))
                    .col(text_null(WebhookEndpoints::PreviousSecretEncrypted))
                    .col(big_integer_null(WebhookEndpoints::PreviousSecretUntil))
                    .col(boolean(WebhookEndpoints::Enabled))
                    .col(string_len_null(WebhookEndpoints::DisabledReason, 200))
                    .col(string_len(WebhookEndpoints::CreatedBy, 120))
                    .col(big_integer(WebhookEndpoints::CreatedAt))
                    .col(big_integer(WebhookEndpoints::UpdatedAt))
                    .foreign_key(&mut tenant_fk(
                        WebhookEndpoints::Table,
                        WebhookEndpoints::TenantId,
                        "fk_webhook_endpoints_tenant",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_webhook_endpoints_tenant")
                    .table(WebhookEndpoints::Table)
                    .col(WebhookEndpoints::TenantId)
                    .to_owned(),
            )
            .await
    }

    async fn events(&self, manager: &SchemaManager<'_>) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WebhookEvents::Table)
                    .col(big_pk_auto(WebhookEvents::Id))
                    .col(string_len_uniq(WebhookEvents::PublicId, 40))
                    .col(integer(WebhookEvents::TenantId))
                    .col(string_len(WebhookEvents::EventType, 40))
                    .col(text(WebhookEvents::Body))
                    .col(string_len(WebhookEvents::SequenceKey, 80))
                    .col(big_integer(WebhookEvents::Sequence))
                    .col(big_integer(WebhookEvents::CreatedAt))
                    .foreign_key(&mut tenant_fk(
                        WebhookEvents::Table,
                        WebhookEvents::TenantId,
                        "fk_webhook_events_tenant",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WebhookSequences::Table)
                    .col(string_len(WebhookSequences::SequenceKey, 80).primary_key())
                    .col(integer(WebhookSequences::TenantId))
                    .col(big_integer(WebhookSequences::LastSequence))
                    .foreign_key(&mut tenant_fk(
                        WebhookSequences::Table,
                        WebhookSequences::TenantId,
                        "fk_webhook_sequences_tenant",
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn deliveries(&self, manager: &SchemaManager<'_>) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WebhookDeliveries::Table)
                    .col(big_pk_auto(WebhookDeliveries::Id))
                    .col(string_len_uniq(WebhookDeliveries::PublicId, 40))
                    .col(integer(WebhookDeliveries::TenantId))
                    .col(integer(WebhookDeliveries::EndpointId))
                    .col(big_integer(WebhookDeliveries::EventId))
                    .col(string_len(WebhookDeliveries::Status, 20))
                    .col(integer(WebhookDeliveries::Attempts))
                    .col(big_integer(WebhookDeliveries::NextAttemptAtMs))
                    .col(big_integer_null(WebhookDeliveries::LeaseUntilMs))
                    .col(string_len_null(WebhookDeliveries::LeaseToken, 40))
                    .col(integer_null(WebhookDeliveries::LastStatusCode))
                    .col(big_integer(WebhookDeliveries::CreatedAt))
                    .col(big_integer(WebhookDeliveries::UpdatedAt))
                    .foreign_key(&mut tenant_fk(
                        WebhookDeliveries::Table,
                        WebhookDeliveries::TenantId,
                        "fk_webhook_deliveries_tenant",
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_webhook_deliveries_endpoint")
                            .from(WebhookDeliveries::Table, WebhookDeliveries::EndpointId)
                            .to(WebhookEndpoints::Table, WebhookEndpoints::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_webhook_deliveries_event")
                            .from(WebhookDeliveries::Table, WebhookDeliveries::EventId)
                            .to(WebhookEvents::Table, WebhookEvents::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            (
                "idx_webhook_deliveries_due",
                WebhookDeliveries::NextAttemptAtMs,
            ),
            (
                "idx_webhook_deliveries_endpoint",
                WebhookDeliveries::EndpointId,
            ),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(WebhookDeliveries::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn attempts(&self, manager: &SchemaManager<'_>) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WebhookAttempts::Table)
                    .col(big_pk_auto(WebhookAttempts::Id))
                    .col(integer(WebhookAttempts::TenantId))
                    .col(integer(WebhookAttempts::EndpointId))
                    .col(big_integer(WebhookAttempts::DeliveryId))
                    .col(integer(WebhookAttempts::Attempt))
                    .col(big_integer(WebhookAttempts::AttemptedAt))
                    .col(integer_null(WebhookAttempts::StatusCode))
                    .col(big_integer(WebhookAttempts::LatencyMs))
                    .col(text(WebhookAttempts::ResponseBody))
                    .col(string_len_null(WebhookAttempts::Error, 300))
                    .foreign_key(&mut tenant_fk(
                        WebhookAttempts::Table,
                        WebhookAttempts::TenantId,
                        "fk_webhook_attempts_tenant",
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_webhook_attempts_delivery")
                            .from(WebhookAttempts::Table, WebhookAttempts::DeliveryId)
                            .to(WebhookDeliveries::Table, WebhookDeliveries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_webhook_attempts_endpoint")
                    .table(WebhookAttempts::Table)
                    .col(WebhookAttempts::EndpointId)
                    .to_owned(),
            )
            .await
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        self.endpoints(manager).await?;
        self.events(manager).await?;
        self.deliveries(manager).await?;
        self.attempts(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            WebhookAttempts::Table.into_iden(),
            WebhookDeliveries::Table.into_iden(),
            WebhookSequences::Table.into_iden(),
            WebhookEvents::Table.into_iden(),
            WebhookEndpoints::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
