//! Cache invalidation across instances. Each instance keeps click state, inquiries and
//! verified API keys in memory; when one of them revokes, extends, binds or sees a status
//! change, it publishes what changed through the cluster, and every instance forgets its
//! copy. Without `REDIS_URL` there is one instance and the local invalidation is all there is.

use super::AppState;
use crate::entities::links;

impl AppState {
    /// Forgets a link's cached click state here and on every other instance.
    pub async fn forget_link(&self, link: &links::Model) {
        self.link_cache.invalidate(&link.token_hash).await;
        self.cluster.publish(format!("link:{}", link.id)).await;
    }

    /// The same, by link id (status changes know the link, not its token).
    pub async fn forget_link_id(&self, link_id: i32) {
        self.link_cache.invalidate_link(link_id);
        self.cluster.publish(format!("link:{link_id}")).await;
    }

    /// Forgets an inquiry's cached row here and on every other instance (its stored token,
    /// status or expiry changed).
    pub async fn forget_inquiry(&self, inquiry_id: i32) {
        self.inquiry_cache.invalidate(inquiry_id);
        self.cluster.publish(format!("inquiry:{inquiry_id}")).await;
    }

    /// Forgets what the caches hold about an inquiry whose status or expiry changed, before
    /// the webhook's answer or the reconciler's next step, so the next call sees it.
    pub async fn forget_status_change(&self, change: crate::status::StatusChanged) {
        self.forget_inquiry(change.inquiry_id).await;
        if let Some(link_id) = change.link_id {
            self.forget_link_id(link_id).await;
        }
    }

    /// Forgets a tenant's brand here and on every other instance (its owner changed it).
    pub async fn forget_brand(&self, tenant_id: i32) {
        self.brands.invalidate(tenant_id);
        self.cluster.publish(format!("brand:{tenant_id}")).await;
    }

    /// Forgets every verified API key here and on every other instance (a key was revoked).
    pub async fn forget_api_keys(&self) {
        self.api_key_cache.invalidate_all();
        self.cluster.publish("api_keys".to_owned()).await;
    }
}

fn apply(state: &AppState, message: &str) {
    match message.split_once(':') {
        Some(("link", id)) => match id.parse::<i32>() {
            Ok(id) => state.link_cache.invalidate_link(id),
            Err(_) => state.link_cache.invalidate_all(),
        },
        Some(("inquiry", id)) => match id.parse::<i32>() {
            Ok(id) => state.inquiry_cache.invalidate(id),
            Err(_) => state.inquiry_cache.invalidate_all(),
        },
        Some(("brand", id)) => match id.parse::<i32>() {
            Ok(id) => state.brands.invalidate(id),
            Err(_) => state.brands.invalidate_all(),
        },
        _ if message == "api_keys" => state.api_key_cache.invalidate_all(),
        _ => {
            state.link_cache.invalidate_all();
            state.inquiry_cache.invalidate_all();
            state.brands.invalidate_all();
        }
    }
}

/// Listens for other instances' invalidations; reconnects after Redis restarts. Whatever
/// might have been missed while disconnected is dropped wholesale.
pub fn spawn_listener(
    state: actix_web::web::Data<AppState>,
    url: String,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match crate::cluster::listen(&url, &state.cluster.channel(), |message| {
                apply(&state, message)
            })
            .await
            {
                Ok(()) => log::warn!("cache invalidation channel closed; reconnecting"),
                Err(error) => {
                    log::warn!("cache invalidation channel failed: {error}; reconnecting")
                }
            }
            state.link_cache.invalidate_all();
            state.inquiry_cache.invalidate_all();
            state.api_key_cache.invalidate_all();
            state.brands.invalidate_all();
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        }
    })
}
