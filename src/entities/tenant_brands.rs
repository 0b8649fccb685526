use sea_orm::entity::prelude::*;

/// A tenant's brand; no row until the tenant sets one.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tenant_brands")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: i32,
    pub display_name: Option<String>,
    pub accent_colour: Option<String>,
    pub support_email: Option<String>,
    pub support_url: Option<String>,
    /// The logo as the portal re-encoded it (PNG).
    pub logo: Option<Vec<u8>>,
    /// SHA-256 of `logo` (hex), part of its address so browsers may cache it for good.
    pub logo_digest: Option<String>,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
