//! A fixed-window request counter per key, in memory (one instance's view; several
//! instances would share it through Redis).

use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

use crate::error::AppError;

const MAX_KEYS: usize = 100_000;

#[derive(Default)]
pub struct RateLimiter {
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimiter {
    /// Counts one request for `key`; 429 with the seconds until the window ends when over.
    pub fn check(&self, key: &str, limit: u32, window: Duration) -> Result<(), AppError> {
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
            let wait = window.saturating_sub(entry.0.elapsed()).as_secs().max(1);
            return Err(AppError::TooManyRequests {
                retry_after_seconds: wait,
            });
        }
        entry.1 += 1;
        Ok(())
    }
}

#[cfg(test)]
#[path = "../../tests/unit/auth_rate_limit.rs"]
mod tests;
