//! Login throttling: a per-IP window of attempts (shared through Redis when `REDIS_URL` is
//! set, else kept in memory), and a per-account soft lock with growing delays kept in the
//! database; either way every instance sees both.
//!
//! An attempt is *taken* before the password is verified, and given back only when the
//! password was right: reading the counts first and writing them after the (slow) argon2
//! check would let a burst of simultaneous guesses all be checked before the first one is
//! counted.

use std::{
    collections::HashMap,
    net::IpAddr,
    sync::Mutex,
    time::{Duration, Instant},
};

use crate::{
    cluster::Cluster, config::LoginThrottleSettings, db::now, db::Database, error::AppError,
    limits::rate_limit::too_many, repo,
};

const MAX_TRACKED_IPS: usize = 100_000;
/// Failures older than this are forgotten: the soft lock never becomes permanent.
const FORGET_FAILURES_AFTER_SECONDS: i64 = 24 * 60 * 60;

struct Window {
    started: Instant,
    attempts: u32,
}

pub struct LoginThrottle {
    settings: LoginThrottleSettings,
    cluster: Cluster,
    ips: Mutex<HashMap<IpAddr, Window>>,
}

fn ip_key(ip: IpAddr) -> String {
    format!("login-ip:{ip}")
}

impl LoginThrottle {
    pub fn new(settings: LoginThrottleSettings, cluster: Cluster) -> Self {
        Self {
            settings,
            cluster,
            ips: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one of this IP's tries in the current window; 429 when they are used up.
    pub async fn take_ip_attempt(&self, ip: IpAddr) -> Result<(), AppError> {
        let max = u64::from(self.settings.ip_max_failures);
        match self
            .cluster
            .count_in_window(&ip_key(ip), self.settings.ip_window)
            .await
        {
            Some((attempts, left)) if attempts > max => Err(too_many(left)),
            Some(_) => Ok(()),
            None => self.take_ip_attempt_in_memory(ip),
        }
    }

    /// Gives back a try taken by `take_ip_attempt`: the password was right, or was never
    /// checked. Only wrong passwords use up an address's tries.
    pub async fn give_back_ip_attempt(&self, ip: IpAddr) {
        if !self.cluster.give_back(&ip_key(ip)).await {
            self.give_back_ip_attempt_in_memory(ip);
        }
    }

    fn take_ip_attempt_in_memory(&self, ip: IpAddr) -> Result<(), AppError> {
        let Ok(mut ips) = self.ips.lock() else {
            return Ok(());
        };
        let window = self.settings.ip_window;
        if ips.len() >= MAX_TRACKED_IPS {
            ips.retain(|_, entry| entry.started.elapsed() < window);
        }
        let entry = ips.entry(ip).or_insert(Window {
            started: Instant::now(),
            attempts: 0,
        });
        let elapsed = entry.started.elapsed();
        if elapsed >= window {
            *entry = Window {
                started: Instant::now(),
                attempts: 0,
            };
        } else if entry.attempts >= self.settings.ip_max_failures {
            return Err(too_many(window - elapsed));
        }
        entry.attempts += 1;
        Ok(())
    }

    fn give_back_ip_attempt_in_memory(&self, ip: IpAddr) {
        if let Ok(mut ips) = self.ips.lock() {
            if let Some(entry) = ips.get_mut(&ip) {
                entry.attempts = entry.attempts.saturating_sub(1);
            }
        }
    }

    /// Takes a try at the account named by `email`: 429 while it is soft-locked. The try
    /// counts as a failure unless `clear_account` follows; from the configured number of
    /// failures on, each one locks the account for twice as long as the one before.
    pub async fn take_account_attempt(&self, db: &Database, email: &str) -> Result<(), AppError> {
        let key = account_key(email);
        let write = db.begin_write().await?;
        let lock = repo::login_locks::lock_row(&*write, &key).await?;
        let at = now();
        let remaining = lock.locked_until - at;
        if remaining > 0 {
            // Dropping the transaction rolls it back: a refused try changes nothing.
            return Err(too_many(Duration::from_secs(remaining as u64)));
        }
        let previous = if at - lock.updated_at < FORGET_FAILURES_AFTER_SECONDS {
            lock.failures
        } else {
            0
        };
        let failures = previous.saturating_add(1);
        repo::login_locks::save(&*write, &key, failures, self.locked_until(failures, at)).await?;
        write.commit().await?;
        Ok(())
    }

    fn locked_until(&self, failures: i32, at: i64) -> i64 {
        let free = i32::try_from(self.settings.account_free_failures).unwrap_or(i32::MAX);
        if failures < free {
            return 0;
        }
        let doublings = (failures - free).min(16) as u32;
        let delay = self
            .settings
            .account_base_delay
            .saturating_mul(1 << doublings)
            .min(self.settings.account_max_delay);
        at + delay.as_secs() as i64
    }

    /// The password was right: the account's failures are forgotten.
    pub async fn clear_account(&self, db: &Database, email: &str) -> Result<(), AppError> {
        repo::login_locks::clear(&db.connection, &account_key(email)).await?;
        Ok(())
    }
}

fn account_key(email: &str) -> String {
    crate::crypto::sha256_hex(email.trim().to_lowercase())
}

#[cfg(test)]
#[path = "../../tests/unit/auth_throttle.rs"]
mod tests;
