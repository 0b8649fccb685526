use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sandbox_templates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// `itmpl_…`, the id the API shows.
    #[sea_orm(unique)]
    pub public_id: String,
    pub name: String,
    pub status: String,
    /// Set only on seeded templates, so seeding twice finds the first one.
    #[sea_orm(unique)]
    pub seed_key: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
