//! Tenants manage their endpoints: register (the secret is shown once), list, delete,
//! rotate the secret, enable and disable. Every change is audited.

use crate::{
    db::now,
    domain::WebhookEventType,
    entities::webhook_endpoints,
    error::AppError,
    idempotency::Commit,
    repo::{self, audit::AuditEntry, webhook_endpoints::NewEndpoint, TenantScope},
    state::AppState,
};

use super::{address, signing};

/// An endpoint as asked for: the URL and the event filter, as typed or sent.
pub struct EndpointRequest<'a> {
    pub url: &'a str,
    /// Event types; empty for every event.
    pub events: &'a [String],
}

/// What is wrong with a request, field by field (`url`, `events`).
#[derive(Debug, Default)]
pub struct EndpointErrors {
    pub url: Option<String>,
    pub events: Option<String>,
}

impl EndpointErrors {
    pub fn summary(&self) -> String {
        [self.url.as_deref(), self.events.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

pub enum CreateError {
    Invalid(EndpointErrors),
    App(AppError),
}

impl From<AppError> for CreateError {
    fn from(error: AppError) -> Self {
        CreateError::App(error)
    }
}

/// An endpoint just registered (or rotated), with its secret: the only time it is shown.
pub struct CreatedEndpoint {
    pub endpoint: webhook_endpoints::Model,
    pub secret: String,
}

/// The AES context binding a stored secret to its tenant.
pub(super) fn secret_context(tenant_id: i32) -> String {
    format!("webhook-endpoint-secret:{tenant_id}")
}

/// Checks the URL (syntax, scheme and the addresses it resolves to) and the filter.
pub async fn check(
    state: &AppState,
    request: &EndpointRequest<'_>,
) -> Result<(String, Vec<WebhookEventType>), EndpointErrors> {
    let allow_private = state.settings.tenant_webhooks.allow_private;
    let mut errors = EndpointErrors::default();
    let url = match address::parse_url(request.url, allow_private) {
        Ok(url) => match address::resolve_checked(&url, allow_private).await {
            Ok(_) => Some(url),
            Err(message) => {
                errors.url = Some(message);
                None
            }
        },
        Err(message) => {
            errors.url = Some(message);
            None
        }
    };
    let events = match WebhookEventType::parse_filter(&request.events.join(",")) {
        Ok(events) => Some(events),
        Err(message) => {
            errors.events = Some(message);
            None
        }
    };
    match (url, events) {
        (Some(url), Some(events)) => Ok((url.to_string(), events)),
        _ => Err(errors),
    }
}

/// Registers an endpoint; `commit` (the form's or the API's answer, which shows the secret
/// once) is stored in the same transaction.
pub async fn create(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    request: &EndpointRequest<'_>,
    commit: &Commit<'_, CreatedEndpoint>,
) -> Result<CreatedEndpoint, CreateError> {
    let (url, events) = check(state, request).await.map_err(CreateError::Invalid)?;
    let secret = signing::generate_secret();
    let encrypted = state
        .cipher
        .encrypt(&secret, &secret_context(scope.tenant_id()))
        .map_err(AppError::internal)?;
    let write = state.db.begin_write().await.map_err(AppError::from)?;
    let endpoint = repo::webhook_endpoints::insert(
        &*write,
        scope,
        NewEndpoint {
            url: &url,
            event_types: &WebhookEventType::join(&events),
            secret_encrypted: &encrypted,
            created_by: actor,
        },
    )
    .await
    .map_err(AppError::from)?;
    let details = serde_json::json!({ "url": endpoint.url, "events": endpoint.event_types });
    audit(
        &*write,
        scope,
        actor,
        &endpoint,
        "webhook_endpoint.created",
        Some(details),
    )
    .await?;
    let created = CreatedEndpoint { endpoint, secret };
    commit.write(state, &*write, &created).await?;
    write.commit().await.map_err(AppError::from)?;
    Ok(created)
}

async fn audit(
    db: &impl sea_orm::ConnectionTrait,
    scope: TenantScope,
    actor: &str,
    endpoint: &webhook_endpoints::Model,
    action: &str,
    details: Option<serde_json::Value>,
) -> Result<(), AppError> {
    repo::audit::record(
        db,
        AuditEntry {
            tenant_id: Some(scope.tenant_id()),
            actor,
            action,
            subject: Some(&format!("webhook_endpoint:{}", endpoint.public_id)),
            details,
        },
    )
    .await?;
    Ok(())
}

pub async fn list(
    state: &AppState,
    scope: TenantScope,
) -> Result<Vec<webhook_endpoints::Model>, AppError> {
    Ok(repo::webhook_endpoints::list(&state.db.connection, scope).await?)
}

/// The tenant's endpoint `public_id` (`whep_…`); another tenant's is not found.
pub async fn find(
    state: &AppState,
    scope: TenantScope,
    public_id: &str,
) -> Result<webhook_endpoints::Model, AppError> {
    repo::webhook_endpoints::find(&state.db.connection, scope, public_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Deletes the endpoint with its deliveries and log.
pub async fn delete(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    public_id: &str,
) -> Result<webhook_endpoints::Model, AppError> {
    let endpoint = find(state, scope, public_id).await?;
    let write = state.db.begin_write().await?;
    if repo::webhook_endpoints::delete(&*write, scope, endpoint.id).await? {
        let details = serde_json::json!({ "url": endpoint.url });
        audit(
            &*write,
            scope,
            actor,
            &endpoint,
            "webhook_endpoint.deleted",
            Some(details),
        )
        .await?;
    }
    write.commit().await?;
    Ok(endpoint)
}

/// Enables or disables the endpoint; true when it changed.
pub async fn set_enabled(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    public_id: &str,
    enabled: bool,
) -> Result<bool, AppError> {
    let endpoint = find(state, scope, public_id).await?;
    let write = state.db.begin_write().await?;
    let changed =
        repo::webhook_endpoints::set_enabled(&*write, scope, endpoint.id, enabled).await?;
    if changed {
        let action = if enabled {
            "webhook_endpoint.enabled"
        } else {
            "webhook_endpoint.disabled"
        };
        audit(&*write, scope, actor, &endpoint, action, None).await?;
    }
    write.commit().await?;
    Ok(changed)
}

/// Gives the endpoint a new secret (returned, shown once); the current one keeps signing
/// alongside it for the overlap, so receivers can switch without losing an event.
pub async fn rotate(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    public_id: &str,
    commit: &Commit<'_, CreatedEndpoint>,
) -> Result<CreatedEndpoint, AppError> {
    let endpoint = find(state, scope, public_id).await?;
    let secret = signing::generate_secret();
    let encrypted = state
        .cipher
        .encrypt(&secret, &secret_context(scope.tenant_id()))
        .map_err(AppError::internal)?;
    let overlap = state.settings.tenant_webhooks.rotation_overlap.as_secs() as i64;
    let until = now() + overlap;
    let write = state.db.begin_write().await?;
    if !repo::webhook_endpoints::rotate_secret(&*write, scope, &endpoint, &encrypted, until).await?
    {
        return Err(AppError::Conflict(
            "The secret was rotated meanwhile; reload and try again.".into(),
        ));
    }
    let details = serde_json::json!({ "previous_secret_until": until });
    audit(
        &*write,
        scope,
        actor,
        &endpoint,
        "webhook_endpoint.secret_rotated",
        Some(details),
    )
    .await?;
    let endpoint = repo::webhook_endpoints::find(&*write, scope, public_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let rotated = CreatedEndpoint { endpoint, secret };
    commit.write(state, &*write, &rotated).await?;
    write.commit().await?;
    Ok(rotated)
}

/// How many endpoints the worker disabled after their deliveries kept failing.
pub async fn count_auto_disabled(state: &AppState, scope: TenantScope) -> Result<u64, AppError> {
    Ok(repo::webhook_endpoints::count_auto_disabled(&state.db.connection, scope).await?)
}
