use sea_orm::entity::prelude::*;

/// A provider webhook event already acted on: a repeated delivery of the same id is a no-op.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "processed_webhook_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `evt_…` at the provider.
    #[sea_orm(unique)]
    pub event_id: String,
    pub event_name: String,
    pub inquiry_id: Option<i32>,
    pub received_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
