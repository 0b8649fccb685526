use sea_orm::entity::prelude::*;

use crate::domain::Role;

/// A login: email, password and factors. Which tenants it works in is `memberships`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub public_id: String,
    #[sea_orm(unique)]
    pub email: String,
    pub password_hash: String,
    /// `Operator` marks an operator. For a tenant login it is the role it was first
    /// created with and nothing reads it: each membership carries the role in its tenant.
    pub role: Role,
    /// The whole login is off (every tenant); an owner disables a membership instead.
    pub disabled: bool,
    /// Bumped to end every session of the login (password change).
    pub auth_version: i32,
    pub created_at: i64,
    pub updated_at: i64,
    /// The TOTP secret (base32), encrypted under the data key; set once confirmed.
    pub totp_secret: Option<String>,
    pub totp_enabled_at: Option<i64>,
    /// The last TOTP time step accepted: a code of that step or earlier is refused.
    pub totp_last_step: Option<i64>,
    /// The unused recovery codes' SHA-256 hashes, space-separated.
    pub recovery_codes: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
