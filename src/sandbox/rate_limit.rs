//! Persona's per-key request limit: a fixed window in memory, reported through the
//! `RateLimit-*` headers on every response.

use std::{
    collections::HashMap,
    sync::{
        atomic::{AtomicU32, Ordering},
        Mutex,
    },
    time::{Duration, Instant},
};

/// Persona's default: 300 requests per minute per environment.
pub const DEFAULT_LIMIT_PER_MINUTE: u32 = 300;
/// Persona's default for inquiry creation: 150 per minute.
pub const DEFAULT_CREATIONS_PER_MINUTE: u32 = 150;
const WINDOW: Duration = Duration::from_secs(60);
/// Callers without a valid key get buckets per address; bound the map they can grow.
const MAX_BUCKETS: usize = 10_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateDecision {
    pub allowed: bool,
    pub limit: u32,
    pub remaining: u32,
    pub reset_seconds: u64,
}

struct Window {
    started: Instant,
    count: u32,
}

pub struct RateLimiter {
    /// Requests per window; an account's limit can be raised (`_limits`), as Persona
    /// raises an enterprise account's.
    limit: AtomicU32,
    buckets: Mutex<HashMap<String, Window>>,
}

impl RateLimiter {
    pub fn new(limit: u32) -> Self {
        Self {
            limit: AtomicU32::new(limit),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    pub fn limit(&self) -> u32 {
        self.limit.load(Ordering::Relaxed)
    }

    pub fn set_limit(&self, limit: u32) {
        self.limit.store(limit.max(1), Ordering::Relaxed);
    }

    /// Counts one request against `bucket` (unless `consume` is false) and says whether it may pass.
    pub fn check(&self, bucket: &str, consume: bool) -> RateDecision {
        let now = Instant::now();
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if buckets.len() >= MAX_BUCKETS && !buckets.contains_key(bucket) {
            buckets.retain(|_, window| now.duration_since(window.started) < WINDOW);
        }
        let window = buckets.entry(bucket.to_owned()).or_insert(Window {
            started: now,
            count: 0,
        });
        if now.duration_since(window.started) >= WINDOW {
            window.started = now;
            window.count = 0;
        }
        let limit = self.limit();
        let allowed = window.count < limit;
        if consume && allowed {
            window.count += 1;
        }
        let left = WINDOW.saturating_sub(now.duration_since(window.started));
        RateDecision {
            allowed,
            limit,
            remaining: limit.saturating_sub(window.count),
            reset_seconds: left.as_secs() + u64::from(left.subsec_nanos() > 0),
        }
    }
}

#[cfg(test)]
#[path = "../../tests/unit/sandbox_rate_limit.rs"]
mod tests;
