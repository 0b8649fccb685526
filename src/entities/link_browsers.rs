use sea_orm::entity::prelude::*;

/// A browser allowed to continue a link: the first to press Continue on it, or one that
/// entered the access code or used a one-time access link. Static links remember each
/// visitor's inquiry.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "link_browsers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub link_id: i32,
    /// SHA-256 of the browser cookie's value.
    pub browser_hash: String,
    pub inquiry_id: Option<i32>,
    pub bound_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
