use sea_orm::entity::prelude::*;

use crate::domain::Role;

/// A login's place in one tenant: its role there and whether the tenant's owners
/// disabled it. One per (user, tenant); operators have none.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "memberships")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    pub tenant_id: i32,
    pub role: Role,
    pub disabled: bool,
    /// Bumped to end the sessions working in this tenant (role change, disable, "end
    /// sessions"), leaving the login's sessions in its other tenants alone.
    pub auth_version: i32,
    /// The person at the tenant's identity provider (the ID token's `sub`), bound at the
    /// first single sign-on; `None` until then, and again after the provider changes.
    pub sso_subject: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
