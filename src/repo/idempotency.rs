//! Idempotency records (one per tenant and key): the tenant API's `Idempotency-Key` and the
//! admin forms' one-time form keys. A record is a claim until its answer is stored.

use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, Set,
};

use crate::entities::idempotency_records;

use super::TenantScope;

/// What claiming a key found.
pub enum Claimed {
    /// The key was free: this request holds it now.
    New(idempotency_records::Model),
    /// Another request holds the key, or has answered it.
    Existing(idempotency_records::Model),
}

pub struct NewClaim<'a> {
    pub key: &'a str,
    pub request_hash: &'a str,
    pub claim_token: &'a str,
    pub at: i64,
}

/// Claims the key for this request, or returns the record already there.
pub async fn claim(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    claim: NewClaim<'_>,
) -> Result<Claimed, DbErr> {
    let inserted = idempotency_records::ActiveModel {
        tenant_id: Set(scope.tenant_id()),
        idempotency_key: Set(claim.key.to_owned()),
        request_hash: Set(claim.request_hash.to_owned()),
        response_status: Set(None),
        response_body: Set(None),
        created_at: Set(claim.at),
        claim_token: Set(claim.claim_token.to_owned()),
        claimed_at: Set(claim.at),
        ..Default::default()
    }
    .insert(db)
    .await;
    match inserted {
        Ok(record) => Ok(Claimed::New(record)),
        // The unique (tenant, key) index refused it: someone has the key.
        Err(insert_error) => match find(db, scope, claim.key).await? {
            Some(existing) => Ok(Claimed::Existing(existing)),
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

/// Takes over an unanswered claim made and last claimed at `stale_before` or earlier (a
/// claim made by a version without `claimed_at` counts from its creation). One statement
/// that checks the holder it saw: of several takers, exactly one gets `true`.
pub async fn take_over(
    db: &impl ConnectionTrait,
    stale: &idempotency_records::Model,
    new_token: &str,
    at: i64,
    stale_before: i64,
) -> Result<bool, DbErr> {
    let result = idempotency_records::Entity::update_many()
        .col_expr(
            idempotency_records::Column::ClaimToken,
            Expr::value(new_token),
        )
        .col_expr(idempotency_records::Column::ClaimedAt, Expr::value(at))
        .filter(idempotency_records::Column::Id.eq(stale.id))
        .filter(idempotency_records::Column::ClaimToken.eq(stale.claim_token.as_str()))
        .filter(idempotency_records::Column::ResponseStatus.is_null())
        .filter(idempotency_records::Column::ClaimedAt.lte(stale_before))
        .filter(idempotency_records::Column::CreatedAt.lte(stale_before))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Stores the answer, if `claim_token` still holds the claim (false when another attempt
/// took it over, or it was answered already).
pub async fn complete(
    db: &impl ConnectionTrait,
    record_id: i64,
    claim_token: &str,
    status: u16,
    body: &str,
) -> Result<bool, DbErr> {
    let result = idempotency_records::Entity::update_many()
        .col_expr(
            idempotency_records::Column::ResponseStatus,
            Expr::value(i32::from(status)),
        )
        .col_expr(idempotency_records::Column::ResponseBody, Expr::value(body))
        .filter(idempotency_records::Column::Id.eq(record_id))
        .filter(idempotency_records::Column::ClaimToken.eq(claim_token))
        .filter(idempotency_records::Column::ResponseStatus.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Forgets a claim whose request failed on our side, so a retry can run it again.
pub async fn release(
    db: &impl ConnectionTrait,
    record_id: i64,
    claim_token: &str,
) -> Result<(), DbErr> {
    idempotency_records::Entity::delete_many()
        .filter(idempotency_records::Column::Id.eq(record_id))
        .filter(idempotency_records::Column::ClaimToken.eq(claim_token))
        .filter(idempotency_records::Column::ResponseStatus.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes the records created before `cutoff`, answered or not.
pub async fn purge_created_before(db: &impl ConnectionTrait, cutoff: i64) -> Result<u64, DbErr> {
    Ok(idempotency_records::Entity::delete_many()
        .filter(idempotency_records::Column::CreatedAt.lt(cutoff))
        .exec(db)
        .await?
        .rows_affected)
}
