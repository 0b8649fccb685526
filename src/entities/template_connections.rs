use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "template_connections")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub public_id: String,
    pub tenant_id: i32,
    /// `itmpl_…` at the provider.
    pub provider_template_id: String,
    pub name: String,
    /// The provider's latest published version when last checked (`itmplv_…`).
    pub current_version_id: Option<String>,
    pub default_expires_in_seconds: i64,
    /// JSON array of the prefill field names issuers may send.
    pub allowed_fields: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn allowed_field_names(&self) -> Vec<String> {
        serde_json::from_str(&self.allowed_fields).unwrap_or_default()
    }
}
