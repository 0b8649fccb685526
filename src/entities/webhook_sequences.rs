use sea_orm::entity::prelude::*;

/// The last `sequence` given out under a key (an inquiry, else a link).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_sequences")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub sequence_key: String,
    pub tenant_id: i32,
    pub last_sequence: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
