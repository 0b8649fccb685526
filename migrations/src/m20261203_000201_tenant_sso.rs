//! OpenID Connect single sign-on per tenant (DESIGN 13.5): the identity provider a tenant
//! signs its people in with, and the email domains that lead there. A domain leads to one
//! tenant only (its primary key), so the login page knows where an email belongs.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum TenantSso {
    Table,
    TenantId,
    IssuerUrl,
    ClientId,
    ClientSecret,
    DefaultRole,
    PasswordSignIn,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum SsoDomains {
    Table,
    Domain,
    TenantId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TenantSso::Table)
                    .col(integer(TenantSso::TenantId).primary_key())
                    .col(string_len(TenantSso::IssuerUrl, 500))
                    .col(string_len(TenantSso::ClientId, 255))
                    // Encrypted under the data key, bound to the tenant.
                    .col(text(TenantSso::ClientSecret))
                    .col(string_len(TenantSso::DefaultRole, 16))
                    .col(boolean(TenantSso::PasswordSignIn).default(true))
                    .col(big_integer(TenantSso::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_tenant_sso_tenant")
                            .from(TenantSso::Table, TenantSso::TenantId)
                            .to(Tenants::Table, Tenants::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SsoDomains::Table)
                    .col(string_len(SsoDomains::Domain, 253).primary_key())
                    .col(integer(SsoDomains::TenantId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sso_domains_tenant")
                            .from(SsoDomains::Table, SsoDomains::TenantId)
                            .to(Tenants::Table, Tenants::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sso_domains_tenant")
                    .table(SsoDomains::Table)
                    .col(SsoDomains::TenantId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SsoDomains::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(TenantSso::Table).to_owned())
            .await
    }
}
