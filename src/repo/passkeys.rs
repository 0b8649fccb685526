//! A login's passkeys. They belong to the user (the login), not to a tenant, so every
//! query is bounded by the user's id instead of a tenant scope.

use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use crate::{db::now, domain::PublicId, entities::passkeys};

pub struct NewPasskey<'a> {
    pub user_id: i32,
    pub user_handle: &'a str,
    pub credential_id: &'a str,
    pub credential: String,
    pub name: &'a str,
}

/// The user's passkeys, oldest first.
pub async fn list_for_user(
    db: &impl ConnectionTrait,
    user_id: i32,
) -> Result<Vec<passkeys::Model>, DbErr> {
    passkeys::Entity::find()
        .filter(passkeys::Column::UserId.eq(user_id))
        .order_by_asc(passkeys::Column::CreatedAt)
        .order_by_asc(passkeys::Column::Id)
        .all(db)
        .await
}

pub async fn count_for_user(db: &impl ConnectionTrait, user_id: i32) -> Result<u64, DbErr> {
    passkeys::Entity::find()
        .filter(passkeys::Column::UserId.eq(user_id))
        .count(db)
        .await
}

/// The passkey with this credential id (base64url), whoever it belongs to.
pub async fn find_by_credential_id(
    db: &impl ConnectionTrait,
    credential_id: &str,
) -> Result<Option<passkeys::Model>, DbErr> {
    passkeys::Entity::find()
        .filter(passkeys::Column::CredentialId.eq(credential_id))
        .one(db)
        .await
}

pub async fn insert(
    db: &impl ConnectionTrait,
    passkey: NewPasskey<'_>,
) -> Result<passkeys::Model, DbErr> {
    passkeys::ActiveModel {
        public_id: Set(PublicId::generate("pky").into_string()),
        user_id: Set(passkey.user_id),
        user_handle: Set(passkey.user_handle.to_owned()),
        credential_id: Set(passkey.credential_id.to_owned()),
        credential: Set(passkey.credential),
        name: Set(passkey.name.to_owned()),
        created_at: Set(now()),
        last_used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// One of the user's own passkeys by its public id.
pub async fn find_for_user(
    db: &impl ConnectionTrait,
    user_id: i32,
    public_id: &str,
) -> Result<Option<passkeys::Model>, DbErr> {
    passkeys::Entity::find()
        .filter(passkeys::Column::UserId.eq(user_id))
        .filter(passkeys::Column::PublicId.eq(public_id))
        .one(db)
        .await
}

/// Renames one of the user's passkeys; false when it is not theirs (or gone).
pub async fn rename(
    db: &impl ConnectionTrait,
    user_id: i32,
    public_id: &str,
    name: &str,
) -> Result<bool, DbErr> {
    let result = passkeys::Entity::update_many()
        .col_expr(passkeys::Column::Name, Expr::value(name))
        .filter(passkeys::Column::UserId.eq(user_id))
        .filter(passkeys::Column::PublicId.eq(public_id))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

/// Removes one of the user's passkeys; false when it is not theirs (or already gone).
pub async fn remove(
    db: &impl ConnectionTrait,
    user_id: i32,
    public_id: &str,
) -> Result<bool, DbErr> {
    let result = passkeys::Entity::delete_many()
        .filter(passkeys::Column::UserId.eq(user_id))
        .filter(passkeys::Column::PublicId.eq(public_id))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

/// Stores the credential as updated by a sign-in (its counter) and when it was used.
pub async fn record_use(
    db: &impl ConnectionTrait,
    id: i32,
    credential: Option<String>,
) -> Result<(), DbErr> {
    let mut update = passkeys::Entity::update_many()
        .col_expr(passkeys::Column::LastUsedAt, Expr::value(now()))
        .filter(passkeys::Column::Id.eq(id));
    if let Some(credential) = credential {
        update = update.col_expr(passkeys::Column::Credential, Expr::value(credential));
    }
    update.exec(db).await?;
    Ok(())
}
