use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};

use crate::{
    db::now,
    domain::{TenantName, TenantSlug},
    entities::tenants,
};

pub async fn find_by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<Option<tenants::Model>, sea_orm::DbErr> {
    tenants::Entity::find()
        .filter(tenants::Column::Slug.eq(slug))
        .one(db)
        .await
}

pub async fn find_by_id(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<tenants::Model>, sea_orm::DbErr> {
    tenants::Entity::find_by_id(id).one(db).await
}

pub async fn insert(
    db: &impl ConnectionTrait,
    slug: &TenantSlug,
    name: &TenantName,
) -> Result<tenants::Model, sea_orm::DbErr> {
    tenants::ActiveModel {
        slug: Set(slug.as_str().to_owned()),
        name: Set(name.as_str().to_owned()),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// A tenant with the number of its users, for the operator's list.
pub struct TenantSummary {
    pub tenant: tenants::Model,
    pub user_count: u64,
    /// The operator's bound on the tenant's link lifetimes.
    pub ceiling_link_seconds: i64,
}

pub async fn list_with_user_counts(
    db: &impl ConnectionTrait,
) -> Result<Vec<TenantSummary>, sea_orm::DbErr> {
    let tenants = tenants::Entity::find()
        .order_by_asc(tenants::Column::Slug)
        .all(db)
        .await?;
    let mut summaries = Vec::with_capacity(tenants.len());
    for tenant in tenants {
        let user_count = super::TenantScope::new(tenant.id)
            .memberships()
            .count(db)
            .await?;
        let ceiling_link_seconds = super::policies::get(db, super::TenantScope::new(tenant.id))
            .await?
            .ceiling_link_seconds;
        summaries.push(TenantSummary {
            tenant,
            user_count,
            ceiling_link_seconds,
        });
    }
    Ok(summaries)
}
