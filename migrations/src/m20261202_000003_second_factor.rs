//! TOTP second factor: the user's secret (encrypted), when it was confirmed, the last
//! time step used (a code is good once), the recovery codes' hashes; and the tenant's
//! choice to require a second factor of everyone.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    TotpSecret,
    TotpEnabledAt,
    TotpLastStep,
    RecoveryCodes,
}

#[derive(DeriveIden, Clone, Copy)]
enum Tenants {
    Table,
    RequireSecondFactor,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one column at a time.
        for mut column in [
            text_null(Users::TotpSecret),
            big_integer_null(Users::TotpEnabledAt),
            big_integer_null(Users::TotpLastStep),
            text_null(Users::RecoveryCodes),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Tenants::Table)
                    .add_column(boolean(Tenants::RequireSecondFactor).default(false))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            Users::TotpSecret,
            Users::TotpEnabledAt,
            Users::TotpLastStep,
            Users::RecoveryCodes,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Tenants::Table)
                    .drop_column(Tenants::RequireSecondFactor)
                    .to_owned(),
            )
            .await
    }
}
