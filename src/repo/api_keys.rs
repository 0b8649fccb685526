use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, Set,
};

use crate::{db::now, domain::PublicId, entities::api_keys};

use super::TenantScope;

pub struct NewApiKey<'a> {
    pub name: &'a str,
    pub prefix: &'a str,
    pub secret_hash: &'a str,
    pub created_by: &'a str,
}

/// What a key may do, as stored: `None` everywhere is a key for everything, from
/// anywhere, for good.
#[derive(Default)]
pub struct KeyLimits {
    pub scopes: Option<String>,
    pub expires_at: Option<i64>,
    pub allowed_networks: Option<String>,
}

pub async fn insert(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    key: NewApiKey<'_>,
) -> Result<api_keys::Model, DbErr> {
    insert_limited(db, scope, key, KeyLimits::default()).await
}

pub async fn insert_limited(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    key: NewApiKey<'_>,
    limits: KeyLimits,
) -> Result<api_keys::Model, DbErr> {
    api_keys::ActiveModel {
        public_id: Set(PublicId::generate("key").into_string()),
        tenant_id: Set(scope.tenant_id()),
        name: Set(key.name.to_owned()),
        prefix: Set(key.prefix.to_owned()),
        secret_hash: Set(key.secret_hash.to_owned()),
        created_by: Set(key.created_by.to_owned()),
        created_at: Set(now()),
        revoked_at: Set(None),
        scopes: Set(limits.scopes),
        expires_at: Set(limits.expires_at),
        allowed_networks: Set(limits.allowed_networks),
        last_used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Finds a key by its public prefix, across tenants: this is how a request is authenticated.
pub async fn find_active_by_prefix(
    db: &impl ConnectionTrait,
    prefix: &str,
) -> Result<Option<api_keys::Model>, DbErr> {
    api_keys::Entity::find()
        .filter(api_keys::Column::Prefix.eq(prefix))
        .filter(api_keys::Column::RevokedAt.is_null())
        .one(db)
        .await
}

pub async fn list(
    db: &impl ConnectionTrait,
    scope: TenantScope,
) -> Result<Vec<api_keys::Model>, DbErr> {
    scope
        .api_keys()
        .order_by_desc(api_keys::Column::Id)
        .all(db)
        .await
}

pub async fn find(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    public_id: &str,
) -> Result<Option<api_keys::Model>, DbErr> {
    scope
        .api_keys()
        .filter(api_keys::Column::PublicId.eq(public_id))
        .one(db)
        .await
}

/// Revokes a key of this tenant; true when it was active.
pub async fn revoke(db: &impl ConnectionTrait, scope: TenantScope, id: i32) -> Result<bool, DbErr> {
    let result = api_keys::Entity::update_many()
        .col_expr(api_keys::Column::RevokedAt, Expr::value(now()))
        .filter(api_keys::Column::Id.eq(id))
        .filter(api_keys::Column::TenantId.eq(scope.tenant_id()))
        .filter(api_keys::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

/// Records that the key `id` was used at `at` (authentication, across tenants like
/// [`find_active_by_prefix`]).
pub async fn touch_last_used(db: &impl ConnectionTrait, id: i32, at: i64) -> Result<(), DbErr> {
    api_keys::Entity::update_many()
        .col_expr(api_keys::Column::LastUsedAt, Expr::value(at))
        .filter(api_keys::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}
