use sea_orm::entity::prelude::*;

/// A tenant's endpoint: where its events go, which ones, and the signing secret (under the
/// data key; during a rotation the previous one too, until `previous_secret_until`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_endpoints")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub public_id: String,
    pub tenant_id: i32,
    pub url: String,
    /// Comma-separated event types; empty for every event.
    pub event_types: String,
    pub secret_encrypted: String,
    pub previous_secret_encrypted: Option<String>,
    pub previous_secret_until: Option<i64>,
    pub enabled: bool,
    /// Why it is disabled: set by the worker when deliveries kept failing.
    pub disabled_reason: Option<String>,
    pub created_by: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
