use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Select};

use crate::entities::{
    api_keys, audit_events, bulk_jobs, bulk_rows, inquiries, invitations, links, memberships,
    outbox_messages, sso_domains, template_connections, tenant_brands, tenant_sso,
    webhook_attempts, webhook_deliveries, webhook_endpoints, webhook_events,
};

/// The only way to read or change tenant-owned rows: every select starts here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TenantScope {
    tenant_id: i32,
}

impl TenantScope {
    pub fn new(tenant_id: i32) -> Self {
        Self { tenant_id }
    }

    pub fn tenant_id(&self) -> i32 {
        self.tenant_id
    }

    /// The tenant's members (logins reach a tenant only through a membership).
    pub fn memberships(&self) -> Select<memberships::Entity> {
        memberships::Entity::find().filter(memberships::Column::TenantId.eq(self.tenant_id))
    }

    pub fn invitations(&self) -> Select<invitations::Entity> {
        invitations::Entity::find().filter(invitations::Column::TenantId.eq(self.tenant_id))
    }

    pub fn api_keys(&self) -> Select<api_keys::Entity> {
        api_keys::Entity::find().filter(api_keys::Column::TenantId.eq(self.tenant_id))
    }

    pub fn template_connections(&self) -> Select<template_connections::Entity> {
        template_connections::Entity::find()
            .filter(template_connections::Column::TenantId.eq(self.tenant_id))
    }

    pub fn links(&self) -> Select<links::Entity> {
        links::Entity::find().filter(links::Column::TenantId.eq(self.tenant_id))
    }

    pub fn bulk_jobs(&self) -> Select<bulk_jobs::Entity> {
        bulk_jobs::Entity::find().filter(bulk_jobs::Column::TenantId.eq(self.tenant_id))
    }

    pub fn bulk_rows(&self) -> Select<bulk_rows::Entity> {
        bulk_rows::Entity::find().filter(bulk_rows::Column::TenantId.eq(self.tenant_id))
    }

    pub fn inquiries(&self) -> Select<inquiries::Entity> {
        inquiries::Entity::find().filter(inquiries::Column::TenantId.eq(self.tenant_id))
    }

    pub fn audit_events(&self) -> Select<audit_events::Entity> {
        audit_events::Entity::find().filter(audit_events::Column::TenantId.eq(self.tenant_id))
    }

    pub fn tenant_brand(&self) -> Select<tenant_brands::Entity> {
        tenant_brands::Entity::find().filter(tenant_brands::Column::TenantId.eq(self.tenant_id))
    }

    pub fn tenant_sso(&self) -> Select<tenant_sso::Entity> {
        tenant_sso::Entity::find().filter(tenant_sso::Column::TenantId.eq(self.tenant_id))
    }

    pub fn sso_domains(&self) -> Select<sso_domains::Entity> {
        sso_domains::Entity::find().filter(sso_domains::Column::TenantId.eq(self.tenant_id))
    }

    pub fn outbox_messages(&self) -> Select<outbox_messages::Entity> {
        outbox_messages::Entity::find().filter(outbox_messages::Column::TenantId.eq(self.tenant_id))
    }

    pub fn webhook_endpoints(&self) -> Select<webhook_endpoints::Entity> {
        webhook_endpoints::Entity::find()
            .filter(webhook_endpoints::Column::TenantId.eq(self.tenant_id))
    }

    pub fn webhook_events(&self) -> Select<webhook_events::Entity> {
        webhook_events::Entity::find().filter(webhook_events::Column::TenantId.eq(self.tenant_id))
    }

    pub fn webhook_deliveries(&self) -> Select<webhook_deliveries::Entity> {
        webhook_deliveries::Entity::find()
            .filter(webhook_deliveries::Column::TenantId.eq(self.tenant_id))
    }

    pub fn webhook_attempts(&self) -> Select<webhook_attempts::Entity> {
        webhook_attempts::Entity::find()
            .filter(webhook_attempts::Column::TenantId.eq(self.tenant_id))
    }
}
