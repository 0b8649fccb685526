//! The person at the tenant's identity provider a membership belongs to: the ID token's
//! `sub` (issuer-scoped, stable, never reassigned), bound at the first single sign-on.
//! An email address can pass to someone else; the subject cannot, so a later sign-in with
//! the same email and another subject is refused.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Memberships {
    Table,
    SsoSubject,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Memberships::Table)
                    .add_column(string_len_null(Memberships::SsoSubject, 255))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Memberships::Table)
                    .drop_column(Memberships::SsoSubject)
                    .to_owned(),
            )
            .await
    }
}
