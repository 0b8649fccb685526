//! The tenants' webhook endpoints.

use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use crate::{db::now, domain::PublicId, entities::webhook_endpoints};

use super::TenantScope;

pub struct NewEndpoint<'a> {
    pub url: &'a str,
    pub event_types: &'a str,
    pub secret_encrypted: &'a str,
    pub created_by: &'a str,
}

pub async fn insert(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    endpoint: NewEndpoint<'_>,
) -> Result<webhook_endpoints::Model, DbErr> {
    let at = now();
    webhook_endpoints::ActiveModel {
        public_id: Set(PublicId::generate("whep").into_string()),
        tenant_id: Set(scope.tenant_id()),
        url: Set(endpoint.url.to_owned()),
        event_types: Set(endpoint.event_types.to_owned()),
        secret_encrypted: Set(endpoint.secret_encrypted.to_owned()),
        previous_secret_encrypted: Set(None),
        previous_secret_until: Set(None),
        enabled: Set(true),
        disabled_reason: Set(None),
        created_by: Set(endpoint.created_by.to_owned()),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn list(
    db: &impl ConnectionTrait,
    scope: TenantScope,
) -> Result<Vec<webhook_endpoints::Model>, DbErr> {
    scope
        .webhook_endpoints()
        .order_by_asc(webhook_endpoints::Column::Id)
        .all(db)
        .await
}

/// The tenant's enabled endpoints (the outbox picks the subscribed ones).
pub async fn enabled(
    db: &impl ConnectionTrait,
    scope: TenantScope,
) -> Result<Vec<webhook_endpoints::Model>, DbErr> {
    scope
        .webhook_endpoints()
        .filter(webhook_endpoints::Column::Enabled.eq(true))
        .order_by_asc(webhook_endpoints::Column::Id)
        .all(db)
        .await
}

pub async fn find(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    public_id: &str,
) -> Result<Option<webhook_endpoints::Model>, DbErr> {
    scope
        .webhook_endpoints()
        .filter(webhook_endpoints::Column::PublicId.eq(public_id))
        .one(db)
        .await
}

/// Deletes the tenant's endpoint `id` with its deliveries and log; true when it existed.
pub async fn delete(db: &impl ConnectionTrait, scope: TenantScope, id: i32) -> Result<bool, DbErr> {
    let result = webhook_endpoints::Entity::delete_many()
        .filter(webhook_endpoints::Column::Id.eq(id))
        .filter(webhook_endpoints::Column::TenantId.eq(scope.tenant_id()))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

/// Enables or disables the endpoint (a person's choice: any automatic reason is cleared);
/// true when it changed.
pub async fn set_enabled(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    id: i32,
    enabled: bool,
) -> Result<bool, DbErr> {
    let result = webhook_endpoints::Entity::update_many()
        .col_expr(webhook_endpoints::Column::Enabled, Expr::value(enabled))
        .col_expr(
            webhook_endpoints::Column::DisabledReason,
            Expr::value(Option::<String>::None),
        )
        .col_expr(webhook_endpoints::Column::UpdatedAt, Expr::value(now()))
        .filter(webhook_endpoints::Column::Id.eq(id))
        .filter(webhook_endpoints::Column::TenantId.eq(scope.tenant_id()))
        .filter(webhook_endpoints::Column::Enabled.eq(!enabled))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

/// Puts a new secret in place; the current one keeps signing alongside until `overlap_until`.
pub async fn rotate_secret(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    endpoint: &webhook_endpoints::Model,
    new_secret_encrypted: &str,
    overlap_until: i64,
) -> Result<bool, DbErr> {
    let result = webhook_endpoints::Entity::update_many()
        .col_expr(
            webhook_endpoints::Column::SecretEncrypted,
            Expr::value(new_secret_encrypted),
        )
        .col_expr(
            webhook_endpoints::Column::PreviousSecretEncrypted,
            Expr::value(endpoint.secret_encrypted.clone()),
        )
        .col_expr(
            webhook_endpoints::Column::PreviousSecretUntil,
            Expr::value(overlap_until),
        )
        .col_expr(webhook_endpoints::Column::UpdatedAt, Expr::value(now()))
        .filter(webhook_endpoints::Column::Id.eq(endpoint.id))
        .filter(webhook_endpoints::Column::TenantId.eq(scope.tenant_id()))
        .filter(webhook_endpoints::Column::SecretEncrypted.eq(endpoint.secret_encrypted.clone()))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

/// How many of the tenant's endpoints the worker disabled after their deliveries kept
/// failing (the dashboard's notice).
pub async fn count_auto_disabled(
    db: &impl ConnectionTrait,
    scope: TenantScope,
) -> Result<u64, DbErr> {
    scope
        .webhook_endpoints()
        .filter(webhook_endpoints::Column::Enabled.eq(false))
        .filter(webhook_endpoints::Column::DisabledReason.is_not_null())
        .count(db)
        .await
}

/// An endpoint by its row id, across tenants: the worker reaches it from a delivery it
/// leased (the delivery row names its tenant's endpoint).
pub async fn find_by_id(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<webhook_endpoints::Model>, DbErr> {
    webhook_endpoints::Entity::find_by_id(id).one(db).await
}

/// Disables an endpoint whose last delivery used up its retries, saying why; across
/// tenants (the worker's). True when it was enabled.
pub async fn disable_after_failures(
    db: &impl ConnectionTrait,
    id: i32,
    reason: &str,
) -> Result<bool, DbErr> {
    let result = webhook_endpoints::Entity::update_many()
        .col_expr(webhook_endpoints::Column::Enabled, Expr::value(false))
        .col_expr(
            webhook_endpoints::Column::DisabledReason,
            Expr::value(reason),
        )
        .col_expr(webhook_endpoints::Column::UpdatedAt, Expr::value(now()))
        .filter(webhook_endpoints::Column::Id.eq(id))
        .filter(webhook_endpoints::Column::Enabled.eq(true))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}
