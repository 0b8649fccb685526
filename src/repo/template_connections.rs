use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

use crate::{db::now, domain::PublicId, entities::template_connections};

use super::TenantScope;

pub struct NewConnection<'a> {
    pub provider_template_id: &'a str,
    pub name: &'a str,
    pub current_version_id: Option<&'a str>,
    pub default_expires_in_seconds: i64,
    pub allowed_fields: &'a [String],
}

pub async fn insert(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    connection: NewConnection<'_>,
) -> Result<template_connections::Model, DbErr> {
    let at = now();
    template_connections::ActiveModel {
        public_id: Set(PublicId::generate("tpl").into_string()),
        tenant_id: Set(scope.tenant_id()),
        provider_template_id: Set(connection.provider_template_id.to_owned()),
        name: Set(connection.name.to_owned()),
        current_version_id: Set(connection.current_version_id.map(str::to_owned)),
        default_expires_in_seconds: Set(connection.default_expires_in_seconds),
        allowed_fields: Set(
            serde_json::to_string(connection.allowed_fields).unwrap_or_else(|_| "[]".into())
        ),
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
) -> Result<Vec<template_connections::Model>, DbErr> {
    scope
        .template_connections()
        .order_by_asc(template_connections::Column::Name)
        .all(db)
        .await
}

/// Every connection of every tenant, for the operator area.
pub async fn list_all(
    db: &impl ConnectionTrait,
) -> Result<Vec<template_connections::Model>, DbErr> {
    template_connections::Entity::find()
        .order_by_asc(template_connections::Column::TenantId)
        .order_by_asc(template_connections::Column::Name)
        .all(db)
        .await
}

/// A tenant's connection by the provider's template id (`itmpl_…`), as the API names it.
pub async fn find_by_template(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    provider_template_id: &str,
) -> Result<Option<template_connections::Model>, DbErr> {
    scope
        .template_connections()
        .filter(template_connections::Column::ProviderTemplateId.eq(provider_template_id))
        .one(db)
        .await
}

pub async fn find_by_id(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    id: i32,
) -> Result<Option<template_connections::Model>, DbErr> {
    scope
        .template_connections()
        .filter(template_connections::Column::Id.eq(id))
        .one(db)
        .await
}

/// By id, without a scope: the caller holds the connection row, found through its
/// tenant (the resume policy, when the provider published a new version).
pub async fn set_current_version(
    db: &impl ConnectionTrait,
    id: i32,
    version_id: &str,
) -> Result<(), DbErr> {
    use sea_orm::sea_query::Expr;
    template_connections::Entity::update_many()
        .col_expr(
            template_connections::Column::CurrentVersionId,
            Expr::value(version_id),
        )
        .col_expr(template_connections::Column::UpdatedAt, Expr::value(now()))
        .filter(template_connections::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}
