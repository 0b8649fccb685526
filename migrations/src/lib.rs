//! Database schema for the inquiry portal, one file per migration.

pub use sea_orm_migration::prelude::*;

mod m20261126_000001_accounts;
mod m20261126_000002_sandbox;
mod m20261126_000003_api_keys;
mod m20261126_000004_template_connections;
mod m20261126_000005_links;
mod m20261126_000006_webhooks;
mod m20261126_000007_static_throttle;
mod m20261127_000001_exactly_once;
mod m20261202_000002_outbox;
mod m20261202_000003_scoped_api_keys;
mod m20261202_000003_second_factor;
mod m20261202_150001_tenant_webhooks;
mod m20261202_200001_tenant_brands;
mod m20261203_000101_memberships;
mod m20261203_000201_tenant_sso;
mod m20261203_000301_passkeys;
mod m20261203_000401_link_language;
mod m20261203_000501_bulk_jobs;
mod m20261203_000601_sso_subject;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_accounts::Migration),
            Box::new(m20261126_000002_sandbox::Migration),
            Box::new(m20261126_000003_api_keys::Migration),
            Box::new(m20261126_000004_template_connections::Migration),
            Box::new(m20261126_000005_links::Migration),
            Box::new(m20261126_000006_webhooks::Migration),
            Box::new(m20261126_000007_static_throttle::Migration),
            Box::new(m20261127_000001_exactly_once::Migration),
            Box::new(m20261202_000002_outbox::Migration),
            Box::new(m20261202_000003_scoped_api_keys::Migration),
            Box::new(m20261202_000003_second_factor::Migration),
            Box::new(m20261202_150001_tenant_webhooks::Migration),
            Box::new(m20261202_200001_tenant_brands::Migration),
            Box::new(m20261203_000101_memberships::Migration),
            Box::new(m20261203_000201_tenant_sso::Migration),
            Box::new(m20261203_000301_passkeys::Migration),
            Box::new(m20261203_000401_link_language::Migration),
            Box::new(m20261203_000501_bulk_jobs::Migration),
            Box::new(m20261203_000601_sso_subject::Migration),
        ]
    }
}
