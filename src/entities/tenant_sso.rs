use sea_orm::entity::prelude::*;

use crate::domain::Role;

/// A tenant's OpenID Connect single sign-on; no row until an owner sets it up.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tenant_sso")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: i32,
    pub issuer_url: String,
    pub client_id: String,
    /// The client secret, encrypted under the data key (context `sso-client-secret:<tenant>`).
    pub client_secret: String,
    /// The role of an account made on its first single sign-on.
    pub default_role: Role,
    /// Whether the tenant's people (owners aside) may still sign in with a password.
    pub password_sign_in: bool,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
