//! A tenant's brand: one row per tenant once it sets anything.

use sea_orm::{
    sea_query::OnConflict, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    QuerySelect, Set,
};

use crate::{db::now, entities::tenant_brands};

use super::TenantScope;

/// The brand's words and colour, as the branding form saves them.
pub struct BrandFields<'a> {
    pub display_name: Option<&'a str>,
    pub accent_colour: Option<&'a str>,
    pub support_email: Option<&'a str>,
    pub support_url: Option<&'a str>,
}

pub async fn find(
    db: &impl ConnectionTrait,
    scope: TenantScope,
) -> Result<Option<tenant_brands::Model>, DbErr> {
    scope.tenant_brand().one(db).await
}

/// A brand row's columns but the logo: name, colour, email, page, logo digest, time.
type BrandColumns = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
);

/// The brand without its logo's bytes (what every end-user page needs).
pub async fn find_without_logo(
    db: &impl ConnectionTrait,
    scope: TenantScope,
) -> Result<Option<tenant_brands::Model>, DbErr> {
    let row: Option<BrandColumns> = scope
        .tenant_brand()
        .select_only()
        .columns([
            tenant_brands::Column::DisplayName,
            tenant_brands::Column::AccentColour,
            tenant_brands::Column::SupportEmail,
            tenant_brands::Column::SupportUrl,
            tenant_brands::Column::LogoDigest,
            tenant_brands::Column::UpdatedAt,
        ])
        .into_tuple()
        .one(db)
        .await?;
    Ok(row.map(
        |(display_name, accent_colour, support_email, support_url, logo_digest, updated_at)| {
            tenant_brands::Model {
                tenant_id: scope.tenant_id(),
                display_name,
                accent_colour,
                support_email,
                support_url,
                logo: None,
                logo_digest,
                updated_at,
            }
        },
    ))
}

/// The tenant's logo if its digest is `digest` (an old address finds nothing).
pub async fn logo(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    digest: &str,
) -> Result<Option<Vec<u8>>, DbErr> {
    Ok(scope
        .tenant_brand()
        .filter(tenant_brands::Column::LogoDigest.eq(digest))
        .one(db)
        .await?
        .and_then(|brand| brand.logo))
}

/// Saves the brand's words and colour, keeping its logo.
pub async fn save_fields(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    fields: BrandFields<'_>,
) -> Result<(), DbErr> {
    let row = tenant_brands::ActiveModel {
        tenant_id: Set(scope.tenant_id()),
        display_name: Set(fields.display_name.map(str::to_owned)),
        accent_colour: Set(fields.accent_colour.map(str::to_owned)),
        support_email: Set(fields.support_email.map(str::to_owned)),
        support_url: Set(fields.support_url.map(str::to_owned)),
        logo: Set(None),
        logo_digest: Set(None),
        updated_at: Set(now()),
    };
    tenant_brands::Entity::insert(row)
        .on_conflict(
            OnConflict::column(tenant_brands::Column::TenantId)
                .update_columns([
                    tenant_brands::Column::DisplayName,
                    tenant_brands::Column::AccentColour,
                    tenant_brands::Column::SupportEmail,
                    tenant_brands::Column::SupportUrl,
                    tenant_brands::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}

/// Replaces the logo (`None` removes it), keeping the rest of the brand.
pub async fn save_logo(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    logo: Option<(Vec<u8>, String)>,
) -> Result<(), DbErr> {
    let (bytes, digest) = logo.map_or((None, None), |(bytes, digest)| (Some(bytes), Some(digest)));
    let row = tenant_brands::ActiveModel {
        tenant_id: Set(scope.tenant_id()),
        display_name: Set(None),
        accent_colour: Set(None),
        support_email: Set(None),
        support_url: Set(None),
        logo: Set(bytes),
        logo_digest: Set(digest),
        updated_at: Set(now()),
    };
    tenant_brands::Entity::insert(row)
        .on_conflict(
            OnConflict::column(tenant_brands::Column::TenantId)
                .update_columns([
                    tenant_brands::Column::Logo,
                    tenant_brands::Column::LogoDigest,
                    tenant_brands::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}
