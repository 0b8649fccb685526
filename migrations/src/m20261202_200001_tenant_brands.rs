//! A tenant's brand on the end-user pages and in emails: display name, accent colour,
//! support contact and logo (re-encoded by the portal, so only its own PNG is stored).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum TenantBrands {
    Table,
    TenantId,
    DisplayName,
    AccentColour,
    SupportEmail,
    SupportUrl,
    Logo,
    LogoDigest,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TenantBrands::Table)
                    .col(integer(TenantBrands::TenantId).primary_key())
                    .col(string_len_null(TenantBrands::DisplayName, 80))
                    .col(string_len_null(TenantBrands::AccentColour, 7))
                    .col(string_len_null(TenantBrands::SupportEmail, 254))
                    .col(string_len_null(TenantBrands::SupportUrl, 500))
                    .col(blob_null(TenantBrands::Logo))
                    .col(string_len_null(TenantBrands::LogoDigest, 64))
                    .col(big_integer(TenantBrands::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_tenant_brands_tenant")
                            .from(TenantBrands::Table, TenantBrands::TenantId)
                            .to(Tenants::Table, Tenants::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(TenantBrands::Table).to_owned())
            .await
    }
}
