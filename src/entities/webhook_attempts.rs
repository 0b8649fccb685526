use sea_orm::entity::prelude::*;

/// The delivery log: one row per attempt, with what the endpoint answered (truncated).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_attempts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tenant_id: i32,
    pub endpoint_id: i32,
    pub delivery_id: i64,
    pub attempt: i32,
    /// Unix milliseconds.
    pub attempted_at: i64,
    pub status_code: Option<i32>,
    pub latency_ms: i64,
    /// At most 1 KB of the answer's body.
    pub response_body: String,
    /// Why no answer came (refused address, timeout, connection), never a secret.
    pub error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
