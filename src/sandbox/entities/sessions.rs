use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sandbox_sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// `iqse_…`.
    #[sea_orm(unique)]
    pub public_id: String,
    pub inquiry_id: i32,
    /// SHA-256 of the session token: the token itself is only ever held by its bearer.
    #[sea_orm(unique)]
    pub token_hash: String,
    /// The inquiry's expiry when the session was created; never extended.
    pub expires_at: i64,
    /// Set when the inquiry was expired, which ends its sessions early.
    pub expired_at: Option<i64>,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
