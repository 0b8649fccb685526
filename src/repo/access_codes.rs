//! A dedicated link's access-code attempts. An attempt is taken (atomically) *before* the
//! code is compared, so a burst of concurrent guesses gets no more tries than the limit:
//! reading the count first and adding to it afterwards would let every request of the
//! burst compare its guess against the code.

use sea_orm::{
    sea_query::{Expr, ExprTrait},
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
};

use crate::{db::now, entities::links};

use super::TenantScope;

/// By link id (these three): the end user reached the link by its token, the credential.
/// Takes one of the `max` attempts; false when none is left (the link is locked, or its
/// last attempts are being tried at this moment).
pub async fn take_attempt(
    db: &impl ConnectionTrait,
    link_id: i32,
    max: i32,
) -> Result<bool, DbErr> {
    let result = links::Entity::update_many()
        .col_expr(
            links::Column::AccessCodeAttempts,
            Expr::col(links::Column::AccessCodeAttempts).add(1),
        )
        .filter(links::Column::Id.eq(link_id))
        .filter(links::Column::LockedAt.is_null())
        .filter(links::Column::AccessCodeAttempts.lt(max))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Gives back the attempt taken for a code that was right: only wrong codes count.
pub async fn give_back_attempt(db: &impl ConnectionTrait, link_id: i32) -> Result<(), DbErr> {
    links::Entity::update_many()
        .col_expr(
            links::Column::AccessCodeAttempts,
            Expr::col(links::Column::AccessCodeAttempts).sub(1),
        )
        .filter(links::Column::Id.eq(link_id))
        .filter(links::Column::AccessCodeAttempts.gt(0))
        .exec(db)
        .await?;
    Ok(())
}

/// After a wrong code: the wrong attempts so far, and the link locked once they reach `max`.
pub async fn lock_if_used_up(
    db: &impl ConnectionTrait,
    link_id: i32,
    max: i32,
) -> Result<i32, DbErr> {
    let attempts = links::Entity::find_by_id(link_id)
        .one(db)
        .await?
        .map_or(max, |link| link.access_code_attempts);
    if attempts >= max {
        links::Entity::update_many()
            .col_expr(links::Column::LockedAt, Expr::value(now()))
            .filter(links::Column::Id.eq(link_id))
            .filter(links::Column::LockedAt.is_null())
            .exec(db)
            .await?;
    }
    Ok(attempts)
}

/// Replaces the link's access code (its keyed hash), clearing its failed attempts and lock.
pub async fn replace(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    link_id: i32,
    code_hash: &str,
) -> Result<(), DbErr> {
    links::Entity::update_many()
        .col_expr(links::Column::AccessCodeHash, Expr::value(code_hash))
        .col_expr(links::Column::LockedAt, Expr::value(Option::<i64>::None))
        .col_expr(links::Column::AccessCodeAttempts, Expr::value(0))
        .col_expr(links::Column::UpdatedAt, Expr::value(now()))
        .filter(links::Column::Id.eq(link_id))
        .filter(links::Column::TenantId.eq(scope.tenant_id()))
        .exec(db)
        .await?;
    Ok(())
}

/// Gives the tenant's open link `link_id` a new access-code hash: the old code stops
/// working, wrong attempts start again from zero and a lock lifts. False when the link is
/// not the tenant's or no longer open.
pub async fn replace_code(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    link_id: i32,
    code_hash: &str,
) -> Result<bool, DbErr> {
    use crate::domain::LinkState;
    let result = links::Entity::update_many()
        .col_expr(links::Column::AccessCodeHash, Expr::value(code_hash))
        .col_expr(links::Column::AccessCodeAttempts, Expr::value(0))
        .col_expr(links::Column::LockedAt, Expr::value(Option::<i64>::None))
        .col_expr(links::Column::UpdatedAt, Expr::value(now()))
        .filter(links::Column::Id.eq(link_id))
        .filter(links::Column::TenantId.eq(scope.tenant_id()))
        .filter(links::Column::State.is_in([LinkState::Active, LinkState::Paused]))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}
