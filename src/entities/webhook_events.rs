use sea_orm::entity::prelude::*;

use crate::domain::WebhookEventType;

/// One event in the outbox: the exact body every endpoint receives (signed as stored).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The `webhook-id` header (`msg_…`): the same for every attempt and replay.
    #[sea_orm(unique)]
    pub public_id: String,
    pub tenant_id: i32,
    pub event_type: WebhookEventType,
    pub body: String,
    pub sequence_key: String,
    pub sequence: i64,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
