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

pub async fn insert(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    key: NewApiKey<'_>,
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
