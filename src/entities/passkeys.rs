use sea_orm::entity::prelude::*;

/// A passkey (WebAuthn credential) of a login.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "passkeys")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub public_id: String,
    pub user_id: i32,
    /// The WebAuthn user handle (a UUID) the authenticator stores with the credential.
    pub user_handle: String,
    /// base64url of the credential id.
    pub credential_id: String,
    /// The credential (public key, counter, flags) as webauthn-rs serialises it.
    pub credential: String,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
