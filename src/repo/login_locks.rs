//! Per-account soft lock state, keyed by a hash of the email so that unknown and known
//! accounts behave identically (no enumeration through lockouts).

use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, QuerySelect, Set};

use crate::{db::now, entities::login_locks};

/// The lock state of `key_hash` (an empty one is created first if there is none), locked
/// for the rest of the write transaction `db`: concurrent login attempts on one account
/// take their turns here. PostgreSQL locks the row (`FOR UPDATE`); on SQLite the write
/// transaction already excludes every other writer.
pub async fn lock_row(
    db: &impl ConnectionTrait,
    key_hash: &str,
) -> Result<login_locks::Model, DbErr> {
    let empty = login_locks::ActiveModel {
        key_hash: Set(key_hash.to_owned()),
        failures: Set(0),
        locked_until: Set(0),
        updated_at: Set(now()),
    };
    login_locks::Entity::insert(empty)
        .on_conflict_do_nothing_on([login_locks::Column::KeyHash])
        .exec_without_returning(db)
        .await?;
    login_locks::Entity::find_by_id(key_hash.to_owned())
        .lock_exclusive()
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("the login lock row just created".into()))
}

pub async fn save(
    db: &impl ConnectionTrait,
    key_hash: &str,
    failures: i32,
    locked_until: i64,
) -> Result<(), DbErr> {
    login_locks::ActiveModel {
        key_hash: Set(key_hash.to_owned()),
        failures: Set(failures),
        locked_until: Set(locked_until),
        updated_at: Set(now()),
    }
    .update(db)
    .await?;
    Ok(())
}

pub async fn clear(db: &impl ConnectionTrait, key_hash: &str) -> Result<(), DbErr> {
    login_locks::Entity::delete_by_id(key_hash.to_owned())
        .exec(db)
        .await?;
    Ok(())
}
