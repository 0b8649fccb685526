//! Per-account soft lock state, keyed by a hash of the email so that unknown and known
//! accounts behave identically (no enumeration through lockouts).

use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, Set};

use crate::{db::now, entities::login_locks};

pub async fn find(
    db: &impl ConnectionTrait,
    key_hash: &str,
) -> Result<Option<login_locks::Model>, DbErr> {
    login_locks::Entity::find_by_id(key_hash.to_owned())
        .one(db)
        .await
}

pub async fn save(
    db: &impl ConnectionTrait,
    key_hash: &str,
    failures: i32,
    locked_until: i64,
    exists: bool,
) -> Result<(), DbErr> {
    let model = login_locks::ActiveModel {
        key_hash: Set(key_hash.to_owned()),
        failures: Set(failures),
        locked_until: Set(locked_until),
        updated_at: Set(now()),
    };
    if exists {
        model.update(db).await?;
    } else {
        model.insert(db).await?;
    }
    Ok(())
}

pub async fn clear(db: &impl ConnectionTrait, key_hash: &str) -> Result<(), DbErr> {
    login_locks::Entity::delete_by_id(key_hash.to_owned())
        .exec(db)
        .await?;
    Ok(())
}
