//! Secret flashes: a secret carried from a form's POST to the page that shows it once.

use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, Set,
};

use crate::entities::secret_flashes;

use super::TenantScope;

pub struct NewFlash<'a> {
    pub public_id: &'a str,
    pub user_id: i32,
    pub session_binding: &'a str,
    pub payload_encrypted: &'a str,
    pub at: i64,
    pub expires_at: i64,
}

pub async fn insert(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    flash: NewFlash<'_>,
) -> Result<(), DbErr> {
    secret_flashes::ActiveModel {
        public_id: Set(flash.public_id.to_owned()),
        tenant_id: Set(scope.tenant_id()),
        user_id: Set(flash.user_id),
        session_binding: Set(flash.session_binding.to_owned()),
        payload_encrypted: Set(Some(flash.payload_encrypted.to_owned())),
        created_at: Set(flash.at),
        expires_at: Set(flash.expires_at),
        shown_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The flash `public_id` of this user in this session; another's is not found.
pub async fn find(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    public_id: &str,
    user_id: i32,
    session_binding: &str,
) -> Result<Option<secret_flashes::Model>, DbErr> {
    secret_flashes::Entity::find()
        .filter(secret_flashes::Column::TenantId.eq(scope.tenant_id()))
        .filter(secret_flashes::Column::PublicId.eq(public_id))
        .filter(secret_flashes::Column::UserId.eq(user_id))
        .filter(secret_flashes::Column::SessionBinding.eq(session_binding))
        .one(db)
        .await
}

/// Marks the flash shown and forgets its secret; false when it was shown already (of two
/// concurrent reads, one shows it).
pub async fn mark_shown(db: &impl ConnectionTrait, id: i64, at: i64) -> Result<bool, DbErr> {
    let result = secret_flashes::Entity::update_many()
        .col_expr(secret_flashes::Column::ShownAt, Expr::value(at))
        .col_expr(
            secret_flashes::Column::PayloadEncrypted,
            Expr::value(Option::<String>::None),
        )
        .filter(secret_flashes::Column::Id.eq(id))
        .filter(secret_flashes::Column::ShownAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Forgets the secrets of flashes that expired unshown; the rows stay, so a late visit
/// can say what happened.
pub async fn forget_expired(db: &impl ConnectionTrait, at: i64) -> Result<u64, DbErr> {
    Ok(secret_flashes::Entity::update_many()
        .col_expr(
            secret_flashes::Column::PayloadEncrypted,
            Expr::value(Option::<String>::None),
        )
        .filter(secret_flashes::Column::ExpiresAt.lte(at))
        .filter(secret_flashes::Column::PayloadEncrypted.is_not_null())
        .exec(db)
        .await?
        .rows_affected)
}

pub async fn purge_created_before(db: &impl ConnectionTrait, cutoff: i64) -> Result<u64, DbErr> {
    Ok(secret_flashes::Entity::delete_many()
        .filter(secret_flashes::Column::CreatedAt.lt(cutoff))
        .exec(db)
        .await?
        .rows_affected)
}
