use sea_orm::entity::prelude::*;

/// A secret on its way from a form's POST to the one page that shows it (Post/Redirect/Get):
/// encrypted, bound to the user's session, shown once, short-lived.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "secret_flashes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The random handle in the redirect's URL; useless without the session it is bound to.
    #[sea_orm(unique)]
    pub public_id: String,
    pub tenant_id: i32,
    pub user_id: i32,
    /// A keyed hash of the session's CSRF token: another session cannot read the flash.
    pub session_binding: String,
    /// `None` once shown (or purged): the secret is never shown twice.
    pub payload_encrypted: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
    pub shown_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
