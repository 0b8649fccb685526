use sea_orm::entity::prelude::*;

use crate::domain::BulkJobStatus;

/// One uploaded file for one template. A worker leases it (`lease_until` in milliseconds,
/// `lease_token`) while it issues the rows, so two instances never work on it at once.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "bulk_jobs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub public_id: String,
    pub tenant_id: i32,
    pub template_connection_id: i32,
    pub file_name: String,
    pub file_digest: String,
    pub send_email: bool,
    pub status: BulkJobStatus,
    pub total_rows: i32,
    pub created_by: String,
    pub created_at: i64,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
    pub lease_until: Option<i64>,
    pub lease_token: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
