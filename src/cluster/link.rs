//! The connection to Redis and the breaker in front of it. Every call waits a few hundred
//! milliseconds at most; the first failure (an error or a timeout) opens the breaker, so
//! later calls answer "unavailable" at once instead of each waiting out its timeout, and a
//! background probe closes it again as soon as Redis answers a PING. A Redis that is down,
//! or that accepts connections and never answers, costs one short wait, not a hang.

use std::{
    future::Future,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc, RwLock,
    },
    time::Duration,
};

use redis::aio::{ConnectionManager, ConnectionManagerConfig};

/// The longest one Redis call (or one connection attempt) may take.
pub const CALL_TIMEOUT: Duration = Duration::from_millis(500);
/// How often the probe asks a Redis that failed whether it is back.
const PROBE_EVERY: Duration = Duration::from_millis(250);

/// Redis did not answer, or the breaker is open because it did not a moment ago.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unavailable;

impl std::fmt::Display for Unavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Redis is unavailable")
    }
}

impl std::error::Error for Unavailable {}

pub(crate) struct Link {
    client: redis::Client,
    connection: RwLock<Option<ConnectionManager>>,
    healthy: AtomicBool,
    probing: AtomicBool,
}

fn manager_config() -> ConnectionManagerConfig {
    // Its own reconnects are quick and few: the probe does the waiting, off the request path.
    ConnectionManagerConfig::new()
        .set_connection_timeout(CALL_TIMEOUT)
        .set_response_timeout(CALL_TIMEOUT)
        .set_number_of_retries(1)
        .set_max_delay(100)
}

impl Link {
    /// Connects, or starts degraded (breaker open, probing) when Redis does not answer in
    /// time; only a malformed URL is an error.
    pub(crate) async fn connect(url: &str) -> anyhow::Result<Arc<Self>> {
        let link = Arc::new(Self {
            client: redis::Client::open(url)?,
            connection: RwLock::new(None),
            healthy: AtomicBool::new(false),
            probing: AtomicBool::new(false),
        });
        match link.open_connection().await {
            Ok(()) => link.healthy.store(true, Ordering::SeqCst),
            Err(error) => {
                log::warn!(
                    "Redis (REDIS_URL) does not answer at start-up ({error}); going on degraded: \
                     counters and locks in memory, sessions unavailable until it answers"
                );
                link.start_probe();
            }
        }
        Ok(link)
    }

    async fn open_connection(&self) -> Result<(), String> {
        let connecting = self
            .client
            .get_connection_manager_with_config(manager_config());
        let mut manager = match tokio::time::timeout(CALL_TIMEOUT, connecting).await {
            Ok(Ok(manager)) => manager,
            Ok(Err(error)) => return Err(error.to_string()),
            Err(_) => return Err("no answer in time".into()),
        };
        let ping = redis::cmd("PING");
        match tokio::time::timeout(CALL_TIMEOUT, ping.query_async::<String>(&mut manager)).await {
            Ok(Ok(_)) => {}
            Ok(Err(error)) => return Err(error.to_string()),
            Err(_) => return Err("no answer to PING in time".into()),
        }
        if let Ok(mut slot) = self.connection.write() {
            *slot = Some(manager);
        }
        Ok(())
    }

    pub(crate) fn is_healthy(&self) -> bool {
        self.healthy.load(Ordering::SeqCst)
    }

    /// Runs one call on the shared connection within [`CALL_TIMEOUT`]; with the breaker
    /// open it does not try at all.
    pub(crate) async fn run<T, F, Fut>(
        self: &Arc<Self>,
        what: &str,
        call: F,
    ) -> Result<T, Unavailable>
    where
        F: FnOnce(ConnectionManager) -> Fut,
        Fut: Future<Output = redis::RedisResult<T>>,
    {
        if !self.is_healthy() {
            return Err(Unavailable);
        }
        let connection = self
            .connection
            .read()
            .ok()
            .and_then(|slot| slot.clone())
            .ok_or(Unavailable)?;
        match tokio::time::timeout(CALL_TIMEOUT, call(connection)).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(error)) => {
                self.trip(what, &error.to_string());
                Err(Unavailable)
            }
            Err(_) => {
                self.trip(what, "no answer in time");
                Err(Unavailable)
            }
        }
    }

    /// Opens the breaker (once per outage) and starts the probe.
    fn trip(self: &Arc<Self>, what: &str, reason: &str) {
        if self.healthy.swap(false, Ordering::SeqCst) {
            log::warn!("Redis failed during {what} ({reason}); degraded until it answers again");
        }
        self.start_probe();
    }

    fn start_probe(self: &Arc<Self>) {
        if self.probing.swap(true, Ordering::SeqCst) {
            return;
        }
        let link = Arc::clone(self);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(PROBE_EVERY).await;
                // Nobody uses this link any more (the application stopped): stop probing.
                if Arc::strong_count(&link) == 1 {
                    return;
                }
                if link.open_connection().await.is_ok() {
                    link.healthy.store(true, Ordering::SeqCst);
                    link.probing.store(false, Ordering::SeqCst);
                    log::info!("Redis answers again; shared counters, locks and sessions resume");
                    return;
                }
            }
        });
    }
}
