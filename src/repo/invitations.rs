//! Owners' invitations. Written and listed through the tenant's [`TenantScope`]; found
//! by token hash across tenants, because the token itself is the credential.

use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::{
    db::now,
    domain::{Email, PublicId, Role},
    entities::invitations,
};

use super::TenantScope;

pub struct NewInvitation<'a> {
    pub email: &'a Email,
    pub role: Role,
    pub token_hash: String,
    pub invited_by: &'a str,
    pub expires_at: i64,
}

pub async fn insert(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    invitation: NewInvitation<'_>,
) -> Result<invitations::Model, DbErr> {
    invitations::ActiveModel {
        public_id: Set(PublicId::generate("inv").into_string()),
        tenant_id: Set(scope.tenant_id()),
        email: Set(invitation.email.as_str().to_owned()),
        role: Set(invitation.role),
        token_hash: Set(invitation.token_hash),
        invited_by: Set(invitation.invited_by.to_owned()),
        created_at: Set(now()),
        expires_at: Set(invitation.expires_at),
        accepted_at: Set(None),
        accepted_user_id: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// By token hash, across tenants: the token is the credential.
pub async fn find_by_token_hash(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<invitations::Model>, DbErr> {
    invitations::Entity::find()
        .filter(invitations::Column::TokenHash.eq(token_hash))
        .one(db)
        .await
}

/// Marks the invitation accepted by `user_id`; false when it was accepted first or has
/// expired meanwhile (single use, even under concurrent accepts). By id: the row was just
/// found by its token.
pub async fn mark_accepted(
    db: &impl ConnectionTrait,
    id: i32,
    user_id: i32,
) -> Result<bool, DbErr> {
    let at = now();
    let result = invitations::Entity::update_many()
        .col_expr(invitations::Column::AcceptedAt, Expr::value(at))
        .col_expr(invitations::Column::AcceptedUserId, Expr::value(user_id))
        .filter(invitations::Column::Id.eq(id))
        .filter(invitations::Column::AcceptedAt.is_null())
        .filter(invitations::Column::ExpiresAt.gt(at))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The tenant's invitations, newest first (the owner's list).
pub async fn recent(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    limit: u64,
) -> Result<Vec<invitations::Model>, DbErr> {
    scope
        .invitations()
        .order_by_desc(invitations::Column::Id)
        .limit(limit)
        .all(db)
        .await
}
