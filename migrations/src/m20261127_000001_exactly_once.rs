//! Exactly once (DESIGN 13.2): idempotency claims that can be taken over when their request
//! died (who holds the claim and since when), and the short-lived server-side flashes that
//! carry a secret from a form's POST to the one page that shows it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum IdempotencyRecords {
    Table,
    ClaimToken,
    ClaimedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SecretFlashes {
    Table,
    Id,
    PublicId,
    TenantId,
    UserId,
    SessionBinding,
    PayloadEncrypted,
    CreatedAt,
    ExpiresAt,
    ShownAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        manager
            .alter_table(
                Table::alter()
                    .table(IdempotencyRecords::Table)
                    .add_column(string_len(IdempotencyRecords::ClaimToken, 64).default(""))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(IdempotencyRecords::Table)
                    .add_column(big_integer(IdempotencyRecords::ClaimedAt).default(0))
                    .to_owned(),
            )
            .await?;
        // Claims left by earlier versions count from their creation, so the ones whose
        // request died become available for takeover.
        manager
            .exec_stmt(
                Query::update()
                    .table(IdempotencyRecords::Table)
                    .value(
                        IdempotencyRecords::ClaimedAt,
                        Expr::col(IdempotencyRecords::CreatedAt),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_idempotency_created_at")
                    .table(IdempotencyRecords::Table)
                    .col(IdempotencyRecords::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SecretFlashes::Table)
                    .col(big_pk_auto(SecretFlashes::Id))
                    .col(string_len_uniq(SecretFlashes::PublicId, 64))
                    .col(integer(SecretFlashes::TenantId))
                    .col(integer(SecretFlashes::UserId))
                    .col(string_len(SecretFlashes::SessionBinding, 64))
                    .col(text_null(SecretFlashes::PayloadEncrypted))
                    .col(big_integer(SecretFlashes::CreatedAt))
                    .col(big_integer(SecretFlashes::ExpiresAt))
                    .col(big_integer_null(SecretFlashes::ShownAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_secret_flashes_tenant")
                            .from(SecretFlashes::Table, SecretFlashes::TenantId)
                            .to(Tenants::Table, Tenants::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_secret_flashes_user")
                            .from(SecretFlashes::Table, SecretFlashes::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_secret_flashes_created_at")
                    .table(SecretFlashes::Table)
                    .col(SecretFlashes::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SecretFlashes::Table).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_idempotency_created_at")
                    .table(IdempotencyRecords::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            IdempotencyRecords::ClaimedAt,
            IdempotencyRecords::ClaimToken,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(IdempotencyRecords::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
