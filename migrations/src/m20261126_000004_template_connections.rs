//! Provider templates connected to tenants, with the defaults links issued on them get.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum TemplateConnections {
    Table,
    Id,
    PublicId,
    TenantId,
    ProviderTemplateId,
    Name,
    CurrentVersionId,
    DefaultExpiresInSeconds,
    AllowedFields,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TemplateConnections::Table)
                    .col(pk_auto(TemplateConnections::Id))
                    .col(string_len_uniq(TemplateConnections::PublicId, 40))
                    .col(integer(TemplateConnections::TenantId))
                    .col(string_len(TemplateConnections::ProviderTemplateId, 80))
                    .col(string_len(TemplateConnections::Name, 200))
                    .col(string_len_null(TemplateConnections::CurrentVersionId, 80))
                    .col(big_integer(TemplateConnections::DefaultExpiresInSeconds))
                    .col(text(TemplateConnections::AllowedFields))
                    .col(big_integer(TemplateConnections::CreatedAt))
                    .col(big_integer(TemplateConnections::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_template_connections_tenant")
                            .from(TemplateConnections::Table, TemplateConnections::TenantId)
                            .to(Tenants::Table, Tenants::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_template_connections_tenant_template")
                    .table(TemplateConnections::Table)
                    .col(TemplateConnections::TenantId)
                    .col(TemplateConnections::ProviderTemplateId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(TemplateConnections::Table).to_owned())
            .await
    }
}
