use sea_orm::{
    sea_query::{Expr, ExprTrait},
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};

use crate::{
    db::now,
    domain::{Email, PublicId, Role},
    entities::users,
};

use super::TenantScope;

pub struct NewUser<'a> {
    pub tenant_id: Option<i32>,
    pub email: &'a Email,
    pub password_hash: String,
    pub role: Role,
}

/// Creates a user in the tenant `user` names (none for an operator).
pub async fn insert(db: &impl ConnectionTrait, user: NewUser<'_>) -> Result<users::Model, DbErr> {
    let at = now();
    users::ActiveModel {
        public_id: Set(PublicId::generate("usr").into_string()),
        tenant_id: Set(user.tenant_id),
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

/// By email, across tenants: emails are unique portal-wide and sign-in names no tenant.
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

/// By id, without a scope: the session names the signed-in user, whose tenant follows
/// from the row.
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

/// How many users (of every role and state) the tenant has.
pub async fn count_in_tenant(db: &impl ConnectionTrait, scope: TenantScope) -> Result<u64, DbErr> {
    scope.users().count(db).await
}

pub async fn list_in_tenant(
    db: &impl ConnectionTrait,
    scope: TenantScope,
) -> Result<Vec<users::Model>, DbErr> {
    scope
        .users()
        .order_by_asc(users::Column::Email)
        .all(db)
        .await
}

pub async fn find_in_tenant(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    public_id: &str,
) -> Result<Option<users::Model>, DbErr> {
    scope
        .users()
        .filter(users::Column::PublicId.eq(public_id))
        .one(db)
        .await
}

pub async fn count_owners(db: &impl ConnectionTrait, scope: TenantScope) -> Result<u64, DbErr> {
    scope
        .users()
        .filter(users::Column::Role.eq(Role::Owner))
        .filter(users::Column::Disabled.eq(false))
        .count(db)
        .await
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

/// Changes role and/or disabled flag of a tenant's user, ending their sessions so the
/// change applies on their very next request.
pub async fn update_access(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    user_id: i32,
    role: Role,
    disabled: bool,
) -> Result<(), DbErr> {
    users::Entity::update_many()
        .col_expr(users::Column::Role, Expr::value(role))
        .col_expr(users::Column::Disabled, Expr::value(disabled))
        .col_expr(
            users::Column::AuthVersion,
            Expr::col(users::Column::AuthVersion).add(1),
        )
        .col_expr(users::Column::UpdatedAt, Expr::value(now()))
        .filter(users::Column::Id.eq(user_id))
        .filter(users::Column::TenantId.eq(scope.tenant_id()))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn end_all_sessions(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    user_id: i32,
) -> Result<(), DbErr> {
    users::Entity::update_many()
        .col_expr(
            users::Column::AuthVersion,
            Expr::col(users::Column::AuthVersion).add(1),
        )
        .filter(users::Column::Id.eq(user_id))
        .filter(users::Column::TenantId.eq(scope.tenant_id()))
        .exec(db)
        .await?;
    Ok(())
}
