//! A tenant's single sign-on: its identity provider (one row) and the email domains that
//! lead there (one row each, a domain belonging to one tenant only).

use sea_orm::{
    sea_query::OnConflict, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use crate::{
    db::now,
    domain::Role,
    entities::{sso_domains, tenant_sso},
};

use super::TenantScope;

/// What the owner's form saves; the secret already encrypted.
pub struct SsoFields<'a> {
    pub issuer_url: &'a str,
    pub client_id: &'a str,
    pub client_secret: &'a str,
    pub default_role: Role,
    pub password_sign_in: bool,
}

pub async fn find(
    db: &impl ConnectionTrait,
    scope: TenantScope,
) -> Result<Option<tenant_sso::Model>, DbErr> {
    scope.tenant_sso().one(db).await
}

/// The tenant's domains, alphabetical.
pub async fn domains(db: &impl ConnectionTrait, scope: TenantScope) -> Result<Vec<String>, DbErr> {
    Ok(scope
        .sso_domains()
        .order_by_asc(sso_domains::Column::Domain)
        .all(db)
        .await?
        .into_iter()
        .map(|row| row.domain)
        .collect())
}

/// The tenant whose people sign in through its identity provider when their email is at
/// `domain`. Looked up across tenants by design: the email is all the login page knows.
pub async fn tenant_for_domain(
    db: &impl ConnectionTrait,
    domain: &str,
) -> Result<Option<i32>, DbErr> {
    Ok(sso_domains::Entity::find_by_id(domain.to_owned())
        .one(db)
        .await?
        .map(|row| row.tenant_id))
}

/// Those of `domains` that another tenant already signs in with.
pub async fn domains_of_others(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    domains: &[String],
) -> Result<Vec<String>, DbErr> {
    Ok(sso_domains::Entity::find()
        .filter(sso_domains::Column::Domain.is_in(domains.iter().cloned()))
        .filter(sso_domains::Column::TenantId.ne(scope.tenant_id()))
        .all(db)
        .await?
        .into_iter()
        .map(|row| row.domain)
        .collect())
}

/// Saves the identity provider and replaces the tenant's domains with `domains`.
pub async fn save(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    fields: SsoFields<'_>,
    domains: &[String],
) -> Result<(), DbErr> {
    let row = tenant_sso::ActiveModel {
        tenant_id: Set(scope.tenant_id()),
        issuer_url: Set(fields.issuer_url.to_owned()),
        client_id: Set(fields.client_id.to_owned()),
        client_secret: Set(fields.client_secret.to_owned()),
        default_role: Set(fields.default_role),
        password_sign_in: Set(fields.password_sign_in),
        updated_at: Set(now()),
    };
    tenant_sso::Entity::insert(row)
        .on_conflict(
            OnConflict::column(tenant_sso::Column::TenantId)
                .update_columns([
                    tenant_sso::Column::IssuerUrl,
                    tenant_sso::Column::ClientId,
                    tenant_sso::Column::ClientSecret,
                    tenant_sso::Column::DefaultRole,
                    tenant_sso::Column::PasswordSignIn,
                    tenant_sso::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    delete_domains(db, scope).await?;
    if domains.is_empty() {
        return Ok(());
    }
    let rows = domains.iter().map(|domain| sso_domains::ActiveModel {
        domain: Set(domain.clone()),
        tenant_id: Set(scope.tenant_id()),
    });
    sso_domains::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Turns single sign-on off: the provider and its domains are forgotten.
pub async fn remove(db: &impl ConnectionTrait, scope: TenantScope) -> Result<(), DbErr> {
    delete_domains(db, scope).await?;
    tenant_sso::Entity::delete_many()
        .filter(tenant_sso::Column::TenantId.eq(scope.tenant_id()))
        .exec(db)
        .await?;
    Ok(())
}

async fn delete_domains(db: &impl ConnectionTrait, scope: TenantScope) -> Result<(), DbErr> {
    sso_domains::Entity::delete_many()
        .filter(sso_domains::Column::TenantId.eq(scope.tenant_id()))
        .exec(db)
        .await?;
    Ok(())
}
