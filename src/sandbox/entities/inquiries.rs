use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sandbox_inquiries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// `inq_…`.
    #[sea_orm(unique)]
    pub public_id: String,
    pub template_public_id: String,
    /// The version current when the inquiry was created; it never changes.
    pub version_public_id: String,
    pub account_public_id: String,
    pub reference_id: Option<String>,
    pub status: String,
    /// JSON object of field name to plain value.
    pub fields: String,
    pub redirect_uri: Option<String>,
    pub note: Option<String>,
    /// JSON array of strings.
    pub tags: String,
    /// Per-inquiry overrides of the version's expiration intervals.
    pub expire_after_create_seconds: Option<i64>,
    pub expire_after_start_seconds: Option<i64>,
    pub expire_after_resume_seconds: Option<i64>,
    pub created_at: i64,
    pub started_at: Option<i64>,
    pub completed_at: Option<i64>,
    pub failed_at: Option<i64>,
    pub expired_at: Option<i64>,
    pub expires_at: Option<i64>,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
