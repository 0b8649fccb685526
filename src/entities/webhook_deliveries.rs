use sea_orm::entity::prelude::*;

use crate::domain::DeliveryStatus;

/// One event for one endpoint. A worker leases it (`lease_until_ms`, `lease_token`) for the
/// length of one attempt, so no two workers attempt it at once.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_deliveries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub public_id: String,
    pub tenant_id: i32,
    pub endpoint_id: i32,
    pub event_id: i64,
    pub status: DeliveryStatus,
    /// Attempts made since it was queued (a replay starts again at zero).
    pub attempts: i32,
    pub next_attempt_at_ms: i64,
    pub lease_until_ms: Option<i64>,
    pub lease_token: Option<String>,
    pub last_status_code: Option<i32>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::webhook_events::Entity",
        from = "Column::EventId",
        to = "super::webhook_events::Column::Id"
    )]
    Event,
}

impl Related<super::webhook_events::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Event.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
