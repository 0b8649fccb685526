use sea_orm::{
    sea_query::OnConflict, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

use crate::{db::now, entities::sessions};

pub async fn load(db: &impl ConnectionTrait, key_hash: &str) -> Result<Option<String>, DbErr> {
    Ok(sessions::Entity::find_by_id(key_hash.to_owned())
        .filter(sessions::Column::ExpiresAt.gt(now()))
        .one(db)
        .await?
        .map(|row| row.state))
}

pub async fn upsert(
    db: &impl ConnectionTrait,
    key_hash: &str,
    state: String,
    expires_at: i64,
) -> Result<(), DbErr> {
    sessions::Entity::insert(sessions::ActiveModel {
        key_hash: Set(key_hash.to_owned()),
        state: Set(state),
        expires_at: Set(expires_at),
    })
    .on_conflict(
        OnConflict::column(sessions::Column::KeyHash)
            .update_columns([sessions::Column::State, sessions::Column::ExpiresAt])
            .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(())
}

pub async fn touch(
    db: &impl ConnectionTrait,
    key_hash: &str,
    expires_at: i64,
) -> Result<(), DbErr> {
    sessions::Entity::update_many()
        .col_expr(
            sessions::Column::ExpiresAt,
            sea_orm::sea_query::Expr::value(expires_at),
        )
        .filter(sessions::Column::KeyHash.eq(key_hash))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn delete(db: &impl ConnectionTrait, key_hash: &str) -> Result<(), DbErr> {
    sessions::Entity::delete_by_id(key_hash.to_owned())
        .exec(db)
        .await?;
    Ok(())
}

pub async fn delete_expired(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    Ok(sessions::Entity::delete_many()
        .filter(sessions::Column::ExpiresAt.lte(now()))
        .exec(db)
        .await?
        .rows_affected)
}
