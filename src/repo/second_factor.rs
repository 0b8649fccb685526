//! A user's TOTP secret, last used step and recovery codes; a tenant's requirement of a
//! second factor. Users are found by id across tenants, like sign-in finds them.

use sea_orm::{sea_query::Expr, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use crate::{
    db::now,
    entities::{tenants, users},
};

use super::TenantScope;

/// Stores a confirmed secret, the step its confirming code used, and recovery codes.
pub async fn enable_totp(
    db: &impl ConnectionTrait,
    user_id: i32,
    encrypted_secret: String,
    step: i64,
    recovery_hashes: String,
) -> Result<(), DbErr> {
    users::Entity::update_many()
        .col_expr(users::Column::TotpSecret, Expr::value(encrypted_secret))
        .col_expr(users::Column::TotpEnabledAt, Expr::value(now()))
        .col_expr(users::Column::TotpLastStep, Expr::value(step))
        .col_expr(users::Column::RecoveryCodes, Expr::value(recovery_hashes))
        .filter(users::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn disable_totp(db: &impl ConnectionTrait, user_id: i32) -> Result<(), DbErr> {
    users::Entity::update_many()
        .col_expr(
            users::Column::TotpSecret,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            users::Column::TotpEnabledAt,
            Expr::value(Option::<i64>::None),
        )
        .col_expr(
            users::Column::TotpLastStep,
            Expr::value(Option::<i64>::None),
        )
        .col_expr(
            users::Column::RecoveryCodes,
            Expr::value(Option::<String>::None),
        )
        .filter(users::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Accepts time step `step` for the user when it is later than every step accepted
/// before; false for a replay (also when two requests race with the same code).
pub async fn advance_step(
    db: &impl ConnectionTrait,
    user_id: i32,
    step: i64,
) -> Result<bool, DbErr> {
    let result = users::Entity::update_many()
        .col_expr(users::Column::TotpLastStep, Expr::value(step))
        .filter(users::Column::Id.eq(user_id))
        .filter(users::Column::TotpSecret.is_not_null())
        .filter(users::Column::TotpLastStep.lt(step))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

/// Replaces the user's recovery codes with `remaining` when they are still `current`;
/// false when another request used a code first.
pub async fn replace_recovery_codes(
    db: &impl ConnectionTrait,
    user_id: i32,
    current: &str,
    remaining: &str,
) -> Result<bool, DbErr> {
    let result = users::Entity::update_many()
        .col_expr(users::Column::RecoveryCodes, Expr::value(remaining))
        .filter(users::Column::Id.eq(user_id))
        .filter(users::Column::RecoveryCodes.eq(current))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

/// Whether everyone in the tenant must use a second factor.
pub async fn set_tenant_requirement(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    required: bool,
) -> Result<(), DbErr> {
    tenants::Entity::update_many()
        .col_expr(tenants::Column::RequireSecondFactor, Expr::value(required))
        .filter(tenants::Column::Id.eq(scope.tenant_id()))
        .exec(db)
        .await?;
    Ok(())
}
