//! Loading what the click needs about a dedicated link into the link cache.

use crate::{
    entities::links,
    error::AppError,
    repo::{self, TenantScope},
    state::{link_cache::ClickSnapshot, AppState},
};

/// Loads a dedicated link's snapshot from the database.
pub async fn load_snapshot(
    state: &AppState,
    link: links::Model,
) -> Result<ClickSnapshot, AppError> {
    let db = &state.db.connection;
    let scope = TenantScope::new(link.tenant_id);
    let inquiry = match link.current_inquiry_id {
        Some(id) => repo::inquiries::find_by_id(db, scope, id).await?,
        None => None,
    };
    let browsers = repo::links::browsers_of(db, link.id)
        .await?
        .into_iter()
        .collect();
    let session_token = inquiry.as_ref().and_then(|inquiry| {
        let encrypted = inquiry.session_token_encrypted.as_deref()?;
        let expires_at = inquiry.session_token_expires_at?;
        let token = state
            .cipher
            .decrypt(
                encrypted,
                &format!("session-token:{}", inquiry.provider_inquiry_id),
            )
            .ok()?;
        Some((token, expires_at))
    });
    Ok(ClickSnapshot {
        link,
        inquiry,
        browsers,
        session_token,
    })
}
