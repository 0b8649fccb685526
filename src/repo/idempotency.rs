//! Idempotency records of the tenant API (one per tenant and `Idempotency-Key`).

use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, Set,
};

use crate::{db::now, entities::idempotency_records};

use super::TenantScope;

/// Claims the key for this request; `Ok(None)` when it was claimed, else the existing record.
pub async fn claim(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    key: &str,
    request_hash: &str,
) -> Result<Option<idempotency_records::Model>, DbErr> {
    let inserted = idempotency_records::ActiveModel {
        tenant_id: Set(scope.tenant_id()),
        idempotency_key: Set(key.to_owned()),
        request_hash: Set(request_hash.to_owned()),
        response_status: Set(None),
        response_body: Set(None),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await;
    match inserted {
        Ok(_) => Ok(None),
        Err(insert_error) => match find(db, scope, key).await? {
            Some(existing) => Ok(Some(existing)),
            None => Err(insert_error),
        },
    }
}

pub async fn find(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    key: &str,
) -> Result<Option<idempotency_records::Model>, DbErr> {
    idempotency_records::Entity::find()
        .filter(idempotency_records::Column::TenantId.eq(scope.tenant_id()))
        .filter(idempotency_records::Column::IdempotencyKey.eq(key))
        .one(db)
        .await
}

pub async fn complete(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    key: &str,
    status: u16,
    body: &str,
) -> Result<(), DbErr> {
    idempotency_records::Entity::update_many()
        .col_expr(
            idempotency_records::Column::ResponseStatus,
            Expr::value(i32::from(status)),
        )
        .col_expr(idempotency_records::Column::ResponseBody, Expr::value(body))
        .filter(idempotency_records::Column::TenantId.eq(scope.tenant_id()))
        .filter(idempotency_records::Column::IdempotencyKey.eq(key))
        .exec(db)
        .await?;
    Ok(())
}

/// Forgets a claim whose request failed on our side, so a retry can run it again.
pub async fn release(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    key: &str,
) -> Result<(), DbErr> {
    idempotency_records::Entity::delete_many()
        .filter(idempotency_records::Column::TenantId.eq(scope.tenant_id()))
        .filter(idempotency_records::Column::IdempotencyKey.eq(key))
        .filter(idempotency_records::Column::ResponseStatus.is_null())
        .exec(db)
        .await?;
    Ok(())
}
