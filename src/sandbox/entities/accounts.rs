use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sandbox_accounts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// `act_…`.
    #[sea_orm(unique)]
    pub public_id: String,
    /// Inquiries with the same reference id share one account.
    #[sea_orm(unique)]
    pub reference_id: Option<String>,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
