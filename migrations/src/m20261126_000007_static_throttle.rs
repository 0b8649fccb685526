//! Static links: the tenant policy's limit on new inquiries per client address per hour,
//! so one address cannot use up the provider's quota through a published link.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum TenantPolicies {
    Table,
    StaticInquiriesPerIpPerHour,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(TenantPolicies::Table)
                    .add_column(integer(TenantPolicies::StaticInquiriesPerIpPerHour).default(10))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(TenantPolicies::Table)
                    .drop_column(TenantPolicies::StaticInquiriesPerIpPerHour)
                    .to_owned(),
            )
            .await
    }
}
