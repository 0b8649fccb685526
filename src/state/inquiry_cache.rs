//! The session-token API's hot path: a tenant's inquiries by provider id, kept in memory
//! (bounded, short-lived), so a backend asking for the token it already has on every app
//! load costs no database query. Every change that matters to that answer invalidates the
//! entry here and, through Redis, on every other instance: a stored resume, a status or
//! expiry change.

use std::{
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    time::Duration,
};

use moka::future::Cache;

use crate::{domain::Language, entities::inquiries};

/// An inquiry as the session-token API answers about it, with the language of its link
/// (the hosted-flow URL it hands out carries it; a link's language never changes).
pub struct CachedInquiry {
    pub inquiry: inquiries::Model,
    pub language: Option<Language>,
}

#[derive(Clone)]
pub struct InquiryCache {
    pub(crate) entries: Cache<(i32, String), Arc<CachedInquiry>>,
    /// Counts invalidations, so a read that raced one does not store what it read before.
    pub(crate) invalidations: Arc<AtomicU64>,
}

impl InquiryCache {
    pub fn new(capacity: u64) -> Self {
        Self {
            entries: Cache::builder()
                .max_capacity(capacity)
                // A safety net for a missed invalidation (Redis away): every change also
                // invalidates explicitly.
                .time_to_live(Duration::from_secs(60))
                .support_invalidation_closures()
                .build(),
            invalidations: Arc::default(),
        }
    }

    /// Drops the entry of the inquiry with this row id, wherever it is keyed.
    pub fn invalidate(&self, inquiry_id: i32) {
        self.invalidations.fetch_add(1, Ordering::SeqCst);
        if let Err(error) = self
            .entries
            .invalidate_entries_if(move |_, cached| cached.inquiry.id == inquiry_id)
        {
            log::warn!("could not invalidate a cached inquiry: {error}");
            self.entries.invalidate_all();
        }
    }

    pub fn invalidate_all(&self) {
        self.invalidations.fetch_add(1, Ordering::SeqCst);
        self.entries.invalidate_all();
    }
}
