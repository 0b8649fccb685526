//! The tenant switcher: a login that belongs to several tenants moves its session from
//! one to another. Only the login's own enabled memberships can be chosen.

use actix_session::Session;

use crate::{
    auth::{
        current_user::{ENROL_REQUIRED, MEMBERSHIP_VERSION, TENANT_ID},
        second_factor, CurrentUser,
    },
    entities::tenants,
    error::AppError,
    repo::{self, audit::AuditEntry},
    state::AppState,
};

/// Moves the session to the tenant `slug` names. A tenant the login is not an enabled
/// member of is not found (404), exactly like one that does not exist, and nothing
/// changes. The session id is renewed, as at sign-in.
pub async fn switch_tenant(
    state: &AppState,
    session: &Session,
    current: &CurrentUser,
    slug: &str,
) -> Result<tenants::Model, AppError> {
    if current.is_operator() {
        return Err(AppError::Forbidden);
    }
    let (membership, tenant) = repo::memberships::of_login(&state.db.connection, current.user.id)
        .await?
        .into_iter()
        .find(|(membership, tenant)| !membership.disabled && tenant.slug == slug.trim())
        .ok_or(AppError::NotFound)?;
    let must_enrol = current.user.totp_secret.is_none()
        && second_factor::required_for(state, &current.user, tenant.require_second_factor);
    session.renew();
    let put = |key: &str, value: serde_json::Value| {
        session
            .insert(key, value)
            .map_err(|e| AppError::internal(anyhow::anyhow!("session insert: {e}")))
    };
    put(TENANT_ID, membership.tenant_id.into())?;
    put(MEMBERSHIP_VERSION, membership.auth_version.into())?;
    if must_enrol {
        put(ENROL_REQUIRED, true.into())?;
    } else {
        session.remove(ENROL_REQUIRED);
    }
    repo::audit::record(
        &state.db.connection,
        AuditEntry {
            tenant_id: Some(tenant.id),
            actor: &current.actor(),
            action: "session.tenant_switched",
            subject: None,
            details: None,
        },
    )
    .await?;
    Ok(tenant)
}
