//! What instances share through Redis: cache invalidations, short locks, windowed counters
//! and session records. Without `REDIS_URL` there is one instance and every call answers
//! locally. Every Redis call is bounded in time and guarded by a breaker ([`link`]), so a
//! Redis that is down or hangs degrades the portal (counters and locks in memory, caches
//! bounded by their lifetimes) instead of stopping it. It sits below everything that uses
//! it and knows nothing of what it carries.

mod link;

use std::{sync::Arc, time::Duration};

use futures_util::StreamExt;

pub use link::{Unavailable, CALL_TIMEOUT};

/// Cheap to clone: every clone shares one connection and one breaker.
#[derive(Clone)]
pub struct Cluster {
    link: Option<Arc<link::Link>>,
    /// Prefix of every key and of the channel (`PORTAL_REDIS_NAMESPACE`).
    namespace: String,
}

/// Whether the instances share state, for `/readyz`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Health {
    /// No Redis configured: one instance, nothing to share.
    LocalOnly,
    Connected,
    /// Redis is configured and not answering: degraded, probing.
    Unreachable,
}

impl Cluster {
    pub fn local_only() -> Self {
        Self {
            link: None,
            namespace: String::new(),
        }
    }

    /// Connects to Redis; when it does not answer, starts degraded and keeps probing (the
    /// portal serves meanwhile). Only a malformed URL is an error.
    pub async fn connect(url: &str, namespace: &str) -> anyhow::Result<Self> {
        Ok(Self {
            link: Some(link::Link::connect(url).await?),
            namespace: namespace.to_owned(),
        })
    }

    pub fn health(&self) -> Health {
        match &self.link {
            None => Health::LocalOnly,
            Some(link) if link.is_healthy() => Health::Connected,
            Some(_) => Health::Unreachable,
        }
    }

    fn key(&self, kind: &str, name: &str) -> String {
        format!("{}:{kind}:{name}", self.namespace)
    }

    pub fn channel(&self) -> String {
        format!("{}:invalidate", self.namespace)
    }

    /// Takes a cluster-wide lock for `ttl`; true when this instance got it (always, without
    /// Redis or while it is away: the in-process lock is then all there is, and two
    /// resumes are better than none).
    pub async fn try_lock(&self, key: &str, ttl: Duration) -> bool {
        let Some(link) = &self.link else {
            return true;
        };
        let key = self.key("lock", key);
        let ttl_ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX);
        let taken = link
            .run("a lock", |mut connection| async move {
                redis::cmd("SET")
                    .arg(key)
                    .arg("1")
                    .arg("NX")
                    .arg("PX")
                    .arg(ttl_ms)
                    .query_async::<Option<String>>(&mut connection)
                    .await
            })
            .await;
        taken.map_or(true, |answer| answer.is_some())
    }

    pub async fn unlock(&self, key: &str) {
        if let Some(link) = &self.link {
            let key = self.key("lock", key);
            let _ = link
                .run("an unlock", |mut connection| async move {
                    redis::cmd("DEL")
                        .arg(key)
                        .query_async::<()>(&mut connection)
                        .await
                })
                .await;
        }
    }

    /// Counts one event for `key` in a fixed window every instance shares: the count so far
    /// in this window and the time the window has left. `None` without Redis, or while it is
    /// unreachable: the caller then counts in its own memory.
    pub async fn count_in_window(&self, key: &str, window: Duration) -> Option<(u64, Duration)> {
        let link = self.link.as_ref()?;
        let key = self.key("window", key);
        let window_ms = u64::try_from(window.as_millis()).unwrap_or(u64::MAX).max(1);
        // The window starts with its first event (SET NX) and ends by expiry; INCR after
        // it counts, PTTL says how long is left. One atomic round trip.
        let (count, left) = link
            .run("a shared counter", |mut connection| async move {
                redis::pipe()
                    .atomic()
                    .cmd("SET")
                    .arg(&key)
                    .arg(0)
                    .arg("NX")
                    .arg("PX")
                    .arg(window_ms)
                    .cmd("INCR")
                    .arg(&key)
                    .cmd("PTTL")
                    .arg(&key)
                    .query_async::<(Option<String>, u64, i64)>(&mut connection)
                    .await
                    .map(|(_, count, left)| (count, left))
            })
            .await
            .ok()?;
        // A negative PTTL: no key (nothing counted yet) or no expiry (never set by us).
        Some((
            count,
            Duration::from_millis(u64::try_from(left).unwrap_or(0)),
        ))
    }

    /// Takes back one event `count_in_window` counted for `key`, if its window is still
    /// open (an expired window is not brought back). False without Redis, or while it is
    /// unreachable: the caller then gives back in its own memory.
    pub async fn give_back(&self, key: &str) -> bool {
        let Some(link) = &self.link else {
            return false;
        };
        let key = self.key("window", key);
        // One script, so the check and the decrement are atomic.
        link.run("giving back a count", |mut connection| async move {
            redis::cmd("EVAL")
                .arg(
                    "if redis.call('EXISTS', KEYS[1]) == 1 then \
                     return redis.call('DECR', KEYS[1]) else return 0 end",
                )
                .arg(1)
                .arg(key)
                .query_async::<i64>(&mut connection)
                .await
        })
        .await
        .is_ok()
    }

    /// Best effort: while Redis is away, the caches' own lifetimes bound the staleness.
    pub async fn publish(&self, message: String) {
        if let Some(link) = &self.link {
            let channel = self.channel();
            let _ = link
                .run("an invalidation", |mut connection| async move {
                    redis::cmd("PUBLISH")
                        .arg(channel)
                        .arg(message)
                        .query_async::<()>(&mut connection)
                        .await
                })
                .await;
        }
    }

    /// The record `name` of `kind` (e.g. a session), if any.
    pub async fn get_record(&self, kind: &str, name: &str) -> Result<Option<String>, Unavailable> {
        let link = self.link.as_ref().ok_or(Unavailable)?;
        let key = self.key(kind, name);
        link.run("reading a record", |mut connection| async move {
            redis::cmd("GET")
                .arg(key)
                .query_async::<Option<String>>(&mut connection)
                .await
        })
        .await
    }

    /// Stores the record `name` of `kind` for `ttl`; with `only_if_exists`, a record that
    /// is gone is not brought back (false).
    pub async fn put_record(
        &self,
        kind: &str,
        name: &str,
        value: String,
        ttl: Duration,
        only_if_exists: bool,
    ) -> Result<bool, Unavailable> {
        let link = self.link.as_ref().ok_or(Unavailable)?;
        let key = self.key(kind, name);
        let ttl_ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
        link.run("writing a record", |mut connection| async move {
            let mut command = redis::cmd("SET");
            command.arg(key).arg(value).arg("PX").arg(ttl_ms);
            if only_if_exists {
                command.arg("XX");
            }
            command
                .query_async::<Option<String>>(&mut connection)
                .await
                .map(|answer| answer.is_some())
        })
        .await
    }

    /// Sets a new lifetime on the record `name` of `kind`.
    pub async fn touch_record(
        &self,
        kind: &str,
        name: &str,
        ttl: Duration,
    ) -> Result<(), Unavailable> {
        let link = self.link.as_ref().ok_or(Unavailable)?;
        let key = self.key(kind, name);
        let ttl_ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
        link.run("renewing a record", |mut connection| async move {
            redis::cmd("PEXPIRE")
                .arg(key)
                .arg(ttl_ms)
                .query_async::<()>(&mut connection)
                .await
        })
        .await
    }

    pub async fn delete_record(&self, kind: &str, name: &str) -> Result<(), Unavailable> {
        let link = self.link.as_ref().ok_or(Unavailable)?;
        let key = self.key(kind, name);
        link.run("deleting a record", |mut connection| async move {
            redis::cmd("DEL")
                .arg(key)
                .query_async::<()>(&mut connection)
                .await
        })
        .await
    }
}

/// Receives every message published on the namespace's channel until the connection ends.
/// Connecting and subscribing are bounded in time, so a hanging Redis returns an error
/// promptly and the caller's retry loop goes on.
pub async fn listen(
    url: &str,
    namespace_channel: &str,
    mut on_message: impl FnMut(&str),
) -> anyhow::Result<()> {
    let client = redis::Client::open(url)?;
    let mut pubsub = tokio::time::timeout(CALL_TIMEOUT, client.get_async_pubsub())
        .await
        .map_err(|_| anyhow::anyhow!("no answer in time"))??;
    tokio::time::timeout(CALL_TIMEOUT, pubsub.subscribe(namespace_channel))
        .await
        .map_err(|_| anyhow::anyhow!("no answer to SUBSCRIBE in time"))??;
    let mut messages = pubsub.on_message();
    while let Some(message) = messages.next().await {
        if let Ok(text) = message.get_payload::<String>() {
            on_message(&text);
        }
    }
    Ok(())
}
