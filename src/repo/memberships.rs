//! Memberships: which tenants a login works in, with which role. Everything a tenant's
//! owner reads or changes goes through its [`TenantScope`]; the signed-in login's own list
//! (the tenant switcher) is by login id, its own rows.

use std::collections::HashMap;

use sea_orm::{
    sea_query::{Expr, ExprTrait, OnConflict},
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use crate::{
    db::now,
    domain::Role,
    entities::{memberships, tenants, users},
};

use super::TenantScope;

/// A member of a tenant: their login and their membership there.
#[derive(Clone, Debug)]
pub struct Member {
    pub user: users::Model,
    pub membership: memberships::Model,
}

/// Adds `user_id` to the scope's tenant with `role`; a login that is a member already
/// keeps its membership unchanged. Returns the membership and whether it is new.
pub async fn insert_if_absent(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    user_id: i32,
    role: Role,
) -> Result<(memberships::Model, bool), DbErr> {
    let at = now();
    let row = memberships::ActiveModel {
        user_id: Set(user_id),
        tenant_id: Set(scope.tenant_id()),
        role: Set(role),
        disabled: Set(false),
        auth_version: Set(1),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    };
    let inserted = memberships::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([memberships::Column::UserId, memberships::Column::TenantId])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    let membership = find(db, scope, user_id)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("membership just written".into()))?;
    Ok((membership, inserted == 1))
}

/// The login's membership in the scope's tenant.
pub async fn find(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    user_id: i32,
) -> Result<Option<memberships::Model>, DbErr> {
    scope
        .memberships()
        .filter(memberships::Column::UserId.eq(user_id))
        .one(db)
        .await
}

/// The login's own memberships with their tenants, oldest first (the first enabled one
/// is where a sign-in lands).
pub async fn of_login(
    db: &impl ConnectionTrait,
    user_id: i32,
) -> Result<Vec<(memberships::Model, tenants::Model)>, DbErr> {
    let members = memberships::Entity::find()
        .filter(memberships::Column::UserId.eq(user_id))
        .order_by_asc(memberships::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i32> = members.iter().map(|m| m.tenant_id).collect();
    let mut by_id: HashMap<i32, tenants::Model> = tenants::Entity::find()
        .filter(tenants::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|tenant| (tenant.id, tenant))
        .collect();
    Ok(members
        .into_iter()
        .filter_map(|m| by_id.remove(&m.tenant_id).map(|tenant| (m, tenant)))
        .collect())
}

/// The tenant's members with their logins, by email.
pub async fn list_in_tenant(
    db: &impl ConnectionTrait,
    scope: TenantScope,
) -> Result<Vec<Member>, DbErr> {
    let members = scope.memberships().all(db).await?;
    let ids: Vec<i32> = members.iter().map(|m| m.user_id).collect();
    let mut logins: HashMap<i32, users::Model> = users::Entity::find()
        .filter(users::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|user| (user.id, user))
        .collect();
    let mut rows: Vec<_> = members
        .into_iter()
        .filter_map(|membership| {
            logins
                .remove(&membership.user_id)
                .map(|user| Member { user, membership })
        })
        .collect();
    rows.sort_by(|a, b| a.user.email.cmp(&b.user.email));
    Ok(rows)
}

/// A member by their login's public id; a login outside the tenant is not found.
pub async fn find_by_public_id(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    public_id: &str,
) -> Result<Option<Member>, DbErr> {
    let Some(user) = users::Entity::find()
        .filter(users::Column::PublicId.eq(public_id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(find(db, scope, user.id)
        .await?
        .map(|membership| Member { user, membership }))
}

pub async fn count_in_tenant(db: &impl ConnectionTrait, scope: TenantScope) -> Result<u64, DbErr> {
    scope.memberships().count(db).await
}

pub async fn count_owners(db: &impl ConnectionTrait, scope: TenantScope) -> Result<u64, DbErr> {
    scope
        .memberships()
        .filter(memberships::Column::Role.eq(Role::Owner))
        .filter(memberships::Column::Disabled.eq(false))
        .count(db)
        .await
}

/// Sets a member's role and disabled flag, ending their sessions in this tenant so the
/// change applies on their very next request there.
pub async fn update_access(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    membership_id: i32,
    role: Role,
    disabled: bool,
) -> Result<(), DbErr> {
    memberships::Entity::update_many()
        .col_expr(memberships::Column::Role, Expr::value(role))
        .col_expr(memberships::Column::Disabled, Expr::value(disabled))
        .col_expr(
            memberships::Column::AuthVersion,
            Expr::col(memberships::Column::AuthVersion).add(1),
        )
        .col_expr(memberships::Column::UpdatedAt, Expr::value(now()))
        .filter(memberships::Column::Id.eq(membership_id))
        .filter(memberships::Column::TenantId.eq(scope.tenant_id()))
        .exec(db)
        .await?;
    Ok(())
}

/// Ends the member's sessions in this tenant (their other tenants' stay).
pub async fn end_sessions(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    membership_id: i32,
) -> Result<(), DbErr> {
    memberships::Entity::update_many()
        .col_expr(
            memberships::Column::AuthVersion,
            Expr::col(memberships::Column::AuthVersion).add(1),
        )
        .filter(memberships::Column::Id.eq(membership_id))
        .filter(memberships::Column::TenantId.eq(scope.tenant_id()))
        .exec(db)
        .await?;
    Ok(())
}

/// Binds the member to `subject` at the tenant's identity provider, unless bound already
/// (the first single sign-on wins, even against one running at the same moment). True
/// when this call bound it.
pub async fn bind_sso_subject(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    membership_id: i32,
    subject: &str,
) -> Result<bool, DbErr> {
    let result = memberships::Entity::update_many()
        .col_expr(memberships::Column::SsoSubject, Expr::value(subject))
        .filter(memberships::Column::Id.eq(membership_id))
        .filter(memberships::Column::TenantId.eq(scope.tenant_id()))
        .filter(memberships::Column::SsoSubject.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Unbinds every member of the tenant from its identity provider (a new provider names
/// its people with new subjects; each is bound again at their next sign-in).
pub async fn forget_sso_subjects(
    db: &impl ConnectionTrait,
    scope: TenantScope,
) -> Result<(), DbErr> {
    memberships::Entity::update_many()
        .col_expr(memberships::Column::SsoSubject, Expr::value(None::<String>))
        .filter(memberships::Column::TenantId.eq(scope.tenant_id()))
        .exec(db)
        .await?;
    Ok(())
}
