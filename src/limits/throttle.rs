//! Login throttling: a per-IP failure window (shared through Redis when `REDIS_URL` is set,
//! else kept in memory), and a per-account soft lock with growing delays kept in the
//! database; either way every instance sees both.

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

struct Window {
    started: Instant,
    failures: u32,
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

    /// 429 while this IP has used up its failures in the current window.
    pub async fn check_ip(&self, ip: IpAddr) -> Result<(), AppError> {
        match self.cluster.peek_window(&ip_key(ip)).await {
            Some((failures, left)) if failures >= u64::from(self.settings.ip_max_failures) => {
                Err(too_many(left))
            }
            Some(_) => Ok(()),
            None => self.check_ip_in_memory(ip),
        }
    }

    pub async fn record_ip_failure(&self, ip: IpAddr) {
        let shared = self
            .cluster
            .count_in_window(&ip_key(ip), self.settings.ip_window)
            .await;
        if shared.is_none() {
            self.record_ip_failure_in_memory(ip);
        }
    }

    fn check_ip_in_memory(&self, ip: IpAddr) -> Result<(), AppError> {
        let Ok(mut ips) = self.ips.lock() else {
            return Ok(());
        };
        let window = self.settings.ip_window;
        if let Some(entry) = ips.get(&ip) {
            let elapsed = entry.started.elapsed();
            if elapsed >= window {
                ips.remove(&ip);
            } else if entry.failures >= self.settings.ip_max_failures {
                return Err(too_many(window - elapsed));
            }
        }
        Ok(())
    }

    fn record_ip_failure_in_memory(&self, ip: IpAddr) {
        let Ok(mut ips) = self.ips.lock() else {
            return;
        };
        let window = self.settings.ip_window;
        if ips.len() >= MAX_TRACKED_IPS {
            ips.retain(|_, entry| entry.started.elapsed() < window);
        }
        let entry = ips.entry(ip).or_insert(Window {
            started: Instant::now(),
            failures: 0,
        });
        if entry.started.elapsed() >= window {
            *entry = Window {
                started: Instant::now(),
                failures: 0,
            };
        }
        entry.failures += 1;
    }

    /// 429 while the account named by `email` is soft-locked.
    pub async fn check_account(&self, db: &Database, email: &str) -> Result<(), AppError> {
        if let Some(lock) = repo::login_locks::find(&db.connection, &account_key(email)).await? {
            let remaining = lock.locked_until - now();
            if remaining > 0 {
                return Err(too_many(Duration::from_secs(remaining as u64)));
            }
        }
        Ok(())
    }

    /// Counts a failure; from the configured number on, each one locks for twice as long.
    pub async fn record_account_failure(&self, db: &Database, email: &str) -> Result<(), AppError> {
        let key = account_key(email);
        let write = db.begin_write().await?;
        let existing = repo::login_locks::find(&*write, &key).await?;
        // Failures older than a day are forgotten: the lock never becomes permanent.
        let previous = existing
            .as_ref()
            .filter(|lock| now() - lock.updated_at < 24 * 60 * 60)
            .map_or(0, |lock| lock.failures);
        let failures = previous.saturating_add(1);
        let free = self.settings.account_free_failures as i32;
        let locked_until = if failures >= free {
            let doublings = (failures - free).min(16) as u32;
            let delay = self
                .settings
                .account_base_delay
                .saturating_mul(1 << doublings)
                .min(self.settings.account_max_delay);
            now() + delay.as_secs() as i64
        } else {
            0
        };
        repo::login_locks::save(&*write, &key, failures, locked_until, existing.is_some()).await?;
        write.commit().await?;
        Ok(())
    }

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
