use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::{db::now, entities::access_links};

use super::TenantScope;

pub async fn insert(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    inquiry_id: i32,
    code_hash: &str,
    expires_at: i64,
    created_by: &str,
) -> Result<access_links::Model, DbErr> {
    access_links::ActiveModel {
        tenant_id: Set(scope.tenant_id()),
        inquiry_id: Set(inquiry_id),
        code_hash: Set(code_hash.to_owned()),
        expires_at: Set(expires_at),
        used_at: Set(None),
        created_by: Set(created_by.to_owned()),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// By code hash, across tenants: the code itself is the credential.
pub async fn find_by_code_hash(
    db: &impl ConnectionTrait,
    code_hash: &str,
) -> Result<Option<access_links::Model>, DbErr> {
    access_links::Entity::find()
        .filter(access_links::Column::CodeHash.eq(code_hash))
        .one(db)
        .await
}

/// Marks the access link used; false when someone used it first (single use, even
/// under concurrent clicks). By id, without a scope: the row was just found by its code.
pub async fn mark_used(db: &impl ConnectionTrait, id: i32) -> Result<bool, DbErr> {
    let result = access_links::Entity::update_many()
        .col_expr(access_links::Column::UsedAt, Expr::value(now()))
        .filter(access_links::Column::Id.eq(id))
        .filter(access_links::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// When access links were minted for the inquiry since `since`, oldest first.
pub async fn minted_since(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    inquiry_id: i32,
    since: i64,
) -> Result<Vec<i64>, DbErr> {
    access_links::Entity::find()
        .select_only()
        .column(access_links::Column::CreatedAt)
        .filter(access_links::Column::TenantId.eq(scope.tenant_id()))
        .filter(access_links::Column::InquiryId.eq(inquiry_id))
        .filter(access_links::Column::CreatedAt.gte(since))
        .order_by_asc(access_links::Column::CreatedAt)
        .into_tuple()
        .all(db)
        .await
}
