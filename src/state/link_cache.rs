//! The click's hot path: what a click needs to know about a dedicated link, kept in
//! memory (bounded, short-lived, invalidated on revoke, extend, unlock, bind and status
//! change), so a click on a known, bound link touches neither the database nor the
//! provider.

use std::{collections::HashSet, sync::Arc, time::Duration};

use moka::future::Cache;

use crate::entities::{inquiries, links};

#[derive(Clone, Debug)]
pub struct ClickSnapshot {
    pub link: links::Model,
    pub inquiry: Option<inquiries::Model>,
    /// Hashes of the browsers bound to this (dedicated) link.
    pub browsers: HashSet<String>,
    /// The stored session token, decrypted, with its expiry.
    pub session_token: Option<(String, i64)>,
}

#[derive(Clone)]
pub struct LinkCache {
    entries: Cache<String, Arc<ClickSnapshot>>,
}

impl LinkCache {
    pub fn new(capacity: u64) -> Self {
        Self {
            entries: Cache::builder()
                .max_capacity(capacity)
                // A safety net: every change also invalidates explicitly.
                .time_to_live(Duration::from_secs(60))
                .support_invalidation_closures()
                .build(),
        }
    }

    pub async fn get(&self, token_hash: &str) -> Option<Arc<ClickSnapshot>> {
        self.entries.get(token_hash).await
    }

    pub async fn insert(&self, token_hash: String, snapshot: ClickSnapshot) {
        self.entries.insert(token_hash, Arc::new(snapshot)).await;
    }

    pub async fn invalidate(&self, token_hash: &str) {
        self.entries.invalidate(token_hash).await;
    }

    /// Drops whatever is cached for a link (status changes know the link, not its token).
    pub fn invalidate_link(&self, link_id: i32) {
        if let Err(error) = self
            .entries
            .invalidate_entries_if(move |_, snapshot| snapshot.link.id == link_id)
        {
            log::warn!("could not invalidate cached link: {error}");
            self.entries.invalidate_all();
        }
    }

    pub fn invalidate_all(&self) {
        self.entries.invalidate_all();
    }
}
