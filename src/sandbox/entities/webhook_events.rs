use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sandbox_webhook_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `evt_…`, the event id receivers deduplicate on.
    #[sea_orm(unique)]
    pub public_id: String,
    pub inquiry_id: i32,
    pub name: String,
    /// The exact JSON delivered, fixed when the event happened.
    pub body: String,
    /// `pending`, `delivered`, `dropped` (fault injection) or `failed` (attempts used up).
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: i64,
    pub last_response_status: Option<i32>,
    pub delivered_at: Option<i64>,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
