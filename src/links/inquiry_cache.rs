//! The session-token API's lookup of an inquiry through the in-memory inquiry cache.

use std::sync::{atomic::Ordering, Arc};

use crate::{
    error::AppError,
    repo,
    repo::TenantScope,
    state::{inquiry_cache::CachedInquiry, AppState},
};

/// The inquiry `provider_inquiry_id` of `scope` with its link's language, from memory
/// when it is there.
pub async fn find(
    state: &AppState,
    scope: TenantScope,
    provider_inquiry_id: &str,
) -> Result<Arc<CachedInquiry>, AppError> {
    let key = (scope.tenant_id(), provider_inquiry_id.to_owned());
    let cache = &state.inquiry_cache.entries;
    if let Some(inquiry) = cache.get(&key).await {
        crate::metrics::global().cache_hit(crate::metrics::CacheName::Inquiry);
        return Ok(inquiry);
    }
    crate::metrics::global().cache_miss(crate::metrics::CacheName::Inquiry);
    let before = state.inquiry_cache.invalidations.load(Ordering::SeqCst);
    let db = &state.db.connection;
    let inquiry = repo::inquiries::find(db, scope, provider_inquiry_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let language = match inquiry.link_id {
        Some(link_id) => repo::links::find_by_id(db, scope, link_id)
            .await?
            .and_then(|link| link.language),
        None => None,
    };
    let inquiry = Arc::new(CachedInquiry { inquiry, language });
    let invalidations = &state.inquiry_cache.invalidations;
    if invalidations.load(Ordering::SeqCst) == before {
        cache.insert(key.clone(), inquiry.clone()).await;
        // An invalidation between the check and the insert would miss this entry.
        if invalidations.load(Ordering::SeqCst) != before {
            cache.invalidate(&key).await;
        }
    }
    Ok(inquiry)
}
