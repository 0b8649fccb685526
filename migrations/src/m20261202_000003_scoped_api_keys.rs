//! Scoped API keys: what a key may do (NULL: everything, as before), until when, from
//! which networks; and when it was last used.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum ApiKeys {
    Table,
    Scopes,
    ExpiresAt,
    AllowedNetworks,
    LastUsedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one column at a time.
        for mut column in [
            text_null(ApiKeys::Scopes),
            big_integer_null(ApiKeys::ExpiresAt),
            text_null(ApiKeys::AllowedNetworks),
            big_integer_null(ApiKeys::LastUsedAt),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(ApiKeys::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            ApiKeys::Scopes,
            ApiKeys::ExpiresAt,
            ApiKeys::AllowedNetworks,
            ApiKeys::LastUsedAt,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(ApiKeys::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
