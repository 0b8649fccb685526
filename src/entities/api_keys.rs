use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_keys")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub public_id: String,
    pub tenant_id: i32,
    pub name: String,
    /// Shown in lists so people can tell keys apart; useless without the secret.
    #[sea_orm(unique)]
    pub prefix: String,
    pub secret_hash: String,
    pub created_by: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
    /// Space-separated `ApiScope`s; NULL: every scope (keys from before scopes existed).
    pub scopes: Option<String>,
    pub expires_at: Option<i64>,
    /// Space-separated CIDR blocks the key may be used from; NULL: anywhere.
    pub allowed_networks: Option<String>,
    /// Updated at most once a minute, when the key is looked up in the database.
    pub last_used_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
