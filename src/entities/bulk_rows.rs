use sea_orm::entity::prelude::*;

use crate::domain::BulkRowStatus;

/// One line of a bulk upload. `payload_encrypted` holds the line's values (they can be
/// personal data) until the row is done; `row_key` identifies the same line in any upload.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "bulk_rows")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub job_id: i32,
    pub tenant_id: i32,
    pub line_number: i32,
    pub row_key: String,
    pub reference_id: Option<String>,
    pub payload_encrypted: Option<String>,
    pub status: BulkRowStatus,
    pub problem: Option<String>,
    pub link_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
