//! A fixed-window request counter per key: shared by every instance through Redis when
//! `REDIS_URL` is set, else (or while Redis is unreachable) in this instance's memory.

use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

use crate::{cluster::Cluster, error::AppError};

const MAX_KEYS: usize = 100_000;

pub struct RateLimiter {
    cluster: Cluster,
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimiter {
    pub fn new(cluster: Cluster) -> Self {
        Self {
            cluster,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one request for `key`; 429 with the seconds until the window ends when over.
    pub async fn check(&self, key: &str, limit: u32, window: Duration) -> Result<(), AppError> {
        match self.cluster.count_in_window(key, window).await {
            Some((count, left)) if count > u64::from(limit) => Err(too_many(left)),
            Some(_) => Ok(()),
            None => self.check_in_memory(key, limit, window),
        }
    }

    /// Takes back one request counted for `key`, for work that was counted but turned out
    /// not to happen (a failed call, a repeat that created nothing new).
    pub async fn give_back(&self, key: &str) {
        if self.cluster.give_back(key).await {
            return;
        }
        if let Ok(mut windows) = self.windows.lock() {
            if let Some(entry) = windows.get_mut(key) {
                entry.1 = entry.1.saturating_sub(1);
            }
        }
    }

    fn check_in_memory(&self, key: &str, limit: u32, window: Duration) -> Result<(), AppError> {
        let Ok(mut windows) = self.windows.lock() else {
            return Ok(());
        };
        if windows.len() >= MAX_KEYS {
            windows.retain(|_, (start, _)| start.elapsed() < window);
        }
        let entry = windows.entry(key.to_owned()).or_insert((Instant::now(), 0));
        if entry.0.elapsed() >= window {
            *entry = (Instant::now(), 0);
        }
        if entry.1 >= limit {
            return Err(too_many(window.saturating_sub(entry.0.elapsed())));
        }
        entry.1 += 1;
        Ok(())
    }
}

/// A 429 that asks to come back when the window ends (at least a second from now).
pub fn too_many(wait: Duration) -> AppError {
    AppError::TooManyRequests {
        retry_after_seconds: wait.as_secs_f64().ceil().max(1.0) as u64,
    }
}

#[cfg(test)]
#[path = "../../tests/unit/auth_rate_limit.rs"]
mod tests;
