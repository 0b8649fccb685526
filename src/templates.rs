//! Connecting provider templates to tenants: shared by the operator area, the CLI and
//! the first-run seed.

use crate::{
    accounts::CreateError,
    db::Database,
    domain::{Lifetime, PrefillField, TemplateId, TemplateVersionId, TenantName},
    entities::{template_connections, tenants},
    error::AppError,
    provider::{ProviderClient, ProviderError},
    repo::{self, audit::AuditEntry, template_connections::NewConnection, TenantScope},
};

pub struct ConnectRequest<'a> {
    pub tenant_slug: &'a str,
    pub template_id: &'a str,
    pub name: &'a str,
    pub default_expires_in_seconds: &'a str,
    pub allowed_fields: &'a [String],
}

#[derive(Debug, Default)]
pub struct ConnectErrors {
    pub tenant: Option<String>,
    pub template: Option<String>,
    pub name: Option<String>,
    pub expiry: Option<String>,
    pub fields: Option<String>,
}

impl ConnectErrors {
    fn any(&self) -> bool {
        self.tenant.is_some()
            || self.template.is_some()
            || self.name.is_some()
            || self.expiry.is_some()
            || self.fields.is_some()
    }
}

/// Checks the template at the provider, then connects it to the tenant.
pub async fn connect(
    db: &Database,
    provider: &ProviderClient,
    actor: &str,
    request: ConnectRequest<'_>,
) -> Result<template_connections::Model, CreateError<ConnectErrors>> {
    let mut errors = ConnectErrors::default();
    let tenant = repo::tenants::find_by_slug(&db.connection, request.tenant_slug.trim()).await?;
    if tenant.is_none() {
        errors.tenant = Some("Choose an existing tenant.".into());
    }
    let template_id = TemplateId::parse(request.template_id.trim())
        .map_err(|message| errors.template = Some(message))
        .ok();
    let name = TenantName::parse(request.name)
        .map_err(|_| errors.name = Some("Enter a name of at most 200 characters.".into()))
        .ok();
    let lifetime = Lifetime::parse(request.default_expires_in_seconds)
        .map_err(|message| errors.expiry = Some(message))
        .ok();
    let mut fields = Vec::new();
    for raw in request.allowed_fields {
        match PrefillField::parse(raw) {
            Ok(field) if !fields.contains(&field.as_str().to_owned()) => {
                fields.push(field.as_str().to_owned())
            }
            Ok(_) => {}
            Err(message) => errors.fields = Some(message),
        }
    }
    let (Some(tenant), Some(template_id), Some(name), Some(lifetime)) =
        (tenant, template_id, name, lifetime)
    else {
        return Err(CreateError::Invalid(errors));
    };
    let scope = TenantScope::new(tenant.id);
    if repo::template_connections::find_by_template(&db.connection, scope, template_id.as_str())
        .await?
        .is_some()
    {
        errors.template = Some("This template is already connected to this tenant.".into());
    }
    if errors.any() {
        return Err(CreateError::Invalid(errors));
    }
    let version = match latest_version(provider, &template_id).await {
        Ok(version) => version,
        Err(error) if error.is_not_found() => {
            errors.template = Some("The provider has no template with this id.".into());
            return Err(CreateError::Invalid(errors));
        }
        Err(error) => return Err(CreateError::App(error.into())),
    };
    let connection = insert_connection(
        db,
        &tenant,
        actor,
        NewConnection {
            provider_template_id: template_id.as_str(),
            name: name.as_str(),
            current_version_id: version.as_ref().map(TemplateVersionId::as_str),
            default_expires_in_seconds: lifetime.seconds(),
            allowed_fields: &fields,
        },
    )
    .await?;
    Ok(connection)
}

/// The template's latest published version at the provider (`None` if it reports none).
pub async fn latest_version(
    provider: &ProviderClient,
    template_id: &TemplateId,
) -> Result<Option<TemplateVersionId>, ProviderError> {
    let template = provider.retrieve_template(template_id).await?;
    if template.latest_published_version_id.is_some() {
        return Ok(template.latest_published_version_id);
    }
    let versions = provider.list_template_versions(template_id).await?;
    Ok(versions
        .into_iter()
        .filter(|version| version.is_published())
        .max_by_key(|version| version.published_at.or(version.created_at))
        .map(|version| version.id))
}

/// Stores a connection already known to exist at the provider, with its audit entry.
pub async fn insert_connection(
    db: &Database,
    tenant: &tenants::Model,
    actor: &str,
    connection: NewConnection<'_>,
) -> Result<template_connections::Model, AppError> {
    let scope = TenantScope::new(tenant.id);
    let write = db.begin_write().await?;
    let created = repo::template_connections::insert(&*write, scope, connection).await?;
    repo::audit::record(
        &*write,
        AuditEntry {
            tenant_id: Some(tenant.id),
            actor,
            action: "template.connected",
            subject: Some(&format!("template:{}", created.provider_template_id)),
            details: None,
        },
    )
    .await?;
    write.commit().await?;
    Ok(created)
}

/// The tenant's connected templates.
pub async fn for_tenant(
    db: &Database,
    scope: TenantScope,
) -> Result<Vec<template_connections::Model>, AppError> {
    Ok(repo::template_connections::list(&db.connection, scope).await?)
}

/// What the operator's connections page shows: every tenant, every connection with its
/// tenant's name, and the provider's templates (an error when the provider is down: the
/// page works without them).
pub struct OperatorOverview {
    pub tenants: Vec<tenants::Model>,
    pub connections: Vec<(template_connections::Model, String)>,
    pub provider_templates: Result<Vec<(String, String)>, ProviderError>,
}

pub async fn operator_overview(
    db: &Database,
    provider: &ProviderClient,
) -> Result<OperatorOverview, AppError> {
    let tenants = repo::tenants::list_with_user_counts(&db.connection)
        .await?
        .into_iter()
        .map(|summary| summary.tenant)
        .collect::<Vec<_>>();
    let connections = repo::template_connections::list_all(&db.connection)
        .await?
        .into_iter()
        .map(|connection| {
            let tenant_name = tenants
                .iter()
                .find(|tenant| tenant.id == connection.tenant_id)
                .map(|tenant| tenant.name.clone())
                .unwrap_or_default();
            (connection, tenant_name)
        })
        .collect();
    let provider_templates = provider.list_templates().await.map(|templates| {
        templates
            .into_iter()
            .map(|template| (template.id.as_str().to_owned(), template.name))
            .collect()
    });
    Ok(OperatorOverview {
        tenants,
        connections,
        provider_templates,
    })
}
