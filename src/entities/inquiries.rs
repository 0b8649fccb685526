use sea_orm::entity::prelude::*;

use crate::domain::InquiryStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inquiries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub tenant_id: i32,
    pub link_id: Option<i32>,
    /// `inq_…` at the provider; also the id the API and URLs use.
    #[sea_orm(unique)]
    pub provider_inquiry_id: String,
    pub reference_id: Option<String>,
    pub template_version_id: Option<String>,
    pub status: InquiryStatus,
    pub session_token_encrypted: Option<String>,
    pub session_token_expires_at: Option<i64>,
    pub resume_count: i32,
    pub expires_at: Option<i64>,
    /// `created-at` of the newest provider event applied, so older ones never regress.
    pub last_event_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
