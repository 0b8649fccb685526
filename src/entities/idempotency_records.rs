use sea_orm::entity::prelude::*;

/// A tenant API POST seen with an `Idempotency-Key`: replays answer with the stored response.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "idempotency_records")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tenant_id: i32,
    pub idempotency_key: String,
    /// SHA-256 of method, path and body: the same key with another request is refused.
    pub request_hash: String,
    /// `None` while the first request is still running.
    pub response_status: Option<i32>,
    pub response_body: Option<String>,
    pub created_at: i64,
    /// Random per attempt that holds the claim: only its holder may complete or release
    /// it, and a takeover changes it atomically (one taker).
    pub claim_token: String,
    /// When the current holder claimed it; a claim without an answer older than the
    /// takeover age belongs to a request that died.
    pub claimed_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
