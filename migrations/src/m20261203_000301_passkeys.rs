//! Passkeys (WebAuthn credentials) of a login: several per user, each named by its owner.
//! They hang on `users.id`, the login, whatever tenants it belongs to.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Passkeys {
    Table,
    Id,
    PublicId,
    UserId,
    UserHandle,
    CredentialId,
    Credential,
    Name,
    CreatedAt,
    LastUsedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Passkeys::Table)
                    .col(pk_auto(Passkeys::Id))
                    .col(string_len_uniq(Passkeys::PublicId, 40))
                    .col(integer(Passkeys::UserId))
                    // The WebAuthn user handle (a UUID), the same for all of a user's passkeys.
                    .col(string_len(Passkeys::UserHandle, 36))
                    // base64url of the credential id: a passkey belongs to one account only.
                    .col(string_len_uniq(Passkeys::CredentialId, 1400))
                    .col(text(Passkeys::Credential))
                    .col(string_len(Passkeys::Name, 80))
                    .col(big_integer(Passkeys::CreatedAt))
                    .col(big_integer_null(Passkeys::LastUsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_passkeys_user")
                            .from(Passkeys::Table, Passkeys::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_passkeys_user")
                    .table(Passkeys::Table)
                    .col(Passkeys::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Passkeys::Table).to_owned())
            .await
    }
}
