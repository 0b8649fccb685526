use sea_orm::{
    sea_query::{Expr, ExprTrait},
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, Set,
};

use crate::{
    db::now,
    domain::{Email, PublicId, Role},
    entities::users,
};

/// A new login (its tenants come as memberships, see `repo::memberships`).
pub struct NewUser<'a> {
    pub email: &'a Email,
    pub password_hash: String,
    pub role: Role,
}

/// Creates a login; `role` is `Operator` for an operator, else the first membership's role.
pub async fn insert(db: &impl ConnectionTrait, user: NewUser<'_>) -> Result<users::Model, DbErr> {
    let at = now();
    users::ActiveModel {
        public_id: Set(PublicId::generate("usr").into_string()),
        email: Set(user.email.as_str().to_owned()),
        password_hash: Set(user.password_hash),
        role: Set(user.role),
        disabled: Set(false),
        auth_version: Set(1),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// By email, across tenants: a login's email is unique portal-wide and names no tenant.
pub async fn find_by_email(
    db: &impl ConnectionTrait,
    email: &Email,
) -> Result<Option<users::Model>, DbErr> {
    users::Entity::find()
        .filter(users::Column::Email.eq(email.as_str()))
        .one(db)
        .await
}

/// Across tenants, for the same reason as [`find_by_email`].
pub async fn email_taken(db: &impl ConnectionTrait, email: &Email) -> Result<bool, DbErr> {
    Ok(users::Entity::find()
        .filter(users::Column::Email.eq(email.as_str()))
        .count(db)
        .await?
        > 0)
}

/// By id, without a scope: the session names the signed-in login (its tenant comes from
/// the session's membership).
pub async fn find_by_id(db: &impl ConnectionTrait, id: i32) -> Result<Option<users::Model>, DbErr> {
    users::Entity::find_by_id(id).one(db).await
}

/// Across tenants: operators belong to none.
pub async fn operator_exists(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    Ok(users::Entity::find()
        .filter(users::Column::Role.eq(Role::Operator))
        .count(db)
        .await?
        > 0)
}

/// Replaces the hash; with `end_sessions` every existing session of the user stops working.
/// By id: only for the signed-in user themselves (login, password change).
pub async fn set_password_hash(
    db: &impl ConnectionTrait,
    user_id: i32,
    password_hash: String,
    end_sessions: bool,
) -> Result<(), DbErr> {
    let mut update = users::Entity::update_many()
        .col_expr(users::Column::PasswordHash, Expr::value(password_hash))
        .col_expr(users::Column::UpdatedAt, Expr::value(now()));
    if end_sessions {
        update = update.col_expr(
            users::Column::AuthVersion,
            Expr::col(users::Column::AuthVersion).add(1),
        );
    }
    update
        .filter(users::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}
