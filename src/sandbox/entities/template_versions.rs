use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sandbox_template_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// `itmplv_…`.
    #[sea_orm(unique)]
    pub public_id: String,
    pub template_id: i32,
    pub name: String,
    pub expire_after_create_seconds: i64,
    pub expire_after_start_seconds: i64,
    pub expire_after_resume_seconds: i64,
    pub published_at: i64,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
