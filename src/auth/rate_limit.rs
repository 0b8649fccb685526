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
mod tests {
    use super::*;

    #[test]
    fn requests_over_the_limit_are_refused_until_the_window_passes() {
        let limiter = RateLimiter::default();
        let minute = Duration::from_secs(60);
        assert!(limiter.check("a", 2, minute).is_ok());
        assert!(limiter.check("a", 2, minute).is_ok());
        assert!(matches!(
            limiter.check("a", 2, minute),
            Err(AppError::TooManyRequests { .. })
        ));
        assert!(limiter.check("b", 2, minute).is_ok(), "keys are separate");
        assert!(limiter.check("c", 1, Duration::ZERO).is_ok());
        assert!(
            limiter.check("c", 1, Duration::ZERO).is_ok(),
            "an elapsed window resets"
        );
    }
}
