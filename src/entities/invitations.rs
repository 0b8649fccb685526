use sea_orm::entity::prelude::*;

use crate::domain::Role;

/// An owner's invitation to join their tenant. The token travels only in the email;
/// the table keeps its SHA-256.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invitations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub public_id: String,
    pub tenant_id: i32,
    pub email: String,
    pub role: Role,
    #[sea_orm(unique)]
    pub token_hash: String,
    /// The audit trail's name of the owner who invited (`user:usr_…`).
    pub invited_by: String,
    pub created_at: i64,
    pub expires_at: i64,
    /// Set once, when accepted: a token works one time.
    pub accepted_at: Option<i64>,
    pub accepted_user_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
