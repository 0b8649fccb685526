use sea_orm::entity::prelude::*;

/// An email domain whose people sign in through one tenant's identity provider.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sso_domains")]
pub struct Model {
    /// Lower-case, without a leading `@`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub domain: String,
    pub tenant_id: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
