use sea_orm::entity::prelude::*;

use crate::domain::{Language, LinkKind, LinkState, ResumeOnClick};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "links")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub public_id: String,
    pub tenant_id: i32,
    pub template_connection_id: i32,
    pub kind: LinkKind,
    /// SHA-256 of the link token: how a click finds its link.
    #[sea_orm(unique)]
    pub token_hash: String,
    /// The token under the data key, so the link page can show the URL again.
    pub token_encrypted: String,
    pub reference_id: Option<String>,
    pub prefill_encrypted: Option<String>,
    pub state: LinkState,
    pub resume_on_click: ResumeOnClick,
    pub access_code_hash: Option<String>,
    pub access_code_attempts: i32,
    pub locked_at: Option<i64>,
    pub expires_at: i64,
    pub active_from: Option<i64>,
    pub max_inquiries: Option<i32>,
    pub inquiries_created: i32,
    pub always_new: bool,
    /// The language of the link's pages and emails; `None` for the browser's choice.
    pub language: Option<Language>,
    pub click_count: i64,
    pub last_clicked_at: Option<i64>,
    pub current_inquiry_id: Option<i32>,
    pub created_by: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
