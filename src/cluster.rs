//! What instances share through Redis: cache invalidations, short locks and windowed
//! counters. Without `REDIS_URL` there is one instance and every call answers locally.
//! It sits below everything that uses it and knows nothing of what it carries.

use futures_util::StreamExt;
use redis::AsyncCommands;

/// What instances share through Redis: invalidations, short locks and windowed counters
/// (login failures per IP, API requests per key). Cheap to clone.
#[derive(Clone)]
pub struct Cluster {
    connection: Option<redis::aio::ConnectionManager>,
    /// Prefix of every key and of the channel (`PORTAL_REDIS_NAMESPACE`).
    namespace: String,
}

impl Cluster {
    pub fn local_only() -> Self {
        Self {
            connection: None,
            namespace: String::new(),
        }
    }

    pub async fn connect(url: &str, namespace: &str) -> anyhow::Result<Self> {
        let client = redis::Client::open(url)?;
        Ok(Self {
            connection: Some(client.get_connection_manager().await?),
            namespace: namespace.to_owned(),
        })
    }

    fn key(&self, kind: &str, name: &str) -> String {
        format!("{}:{kind}:{name}", self.namespace)
    }

    pub fn channel(&self) -> String {
        format!("{}:invalidate", self.namespace)
    }

    /// Takes a cluster-wide lock for `ttl`; true when this instance got it (always, without
    /// Redis: the in-process lock is then all there is).
    pub async fn try_lock(&self, key: &str, ttl: std::time::Duration) -> bool {
        let Some(connection) = &self.connection else {
            return true;
        };
        let mut connection = connection.clone();
        let taken: redis::RedisResult<Option<String>> = redis::cmd("SET")
            .arg(self.key("lock", key))
            .arg("1")
            .arg("NX")
            .arg("PX")
            .arg(u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX))
            .query_async(&mut connection)
            .await;
        match taken {
            Ok(answer) => answer.is_some(),
            // Redis away: better two resumes than none.
            Err(error) => {
                log::warn!("cluster lock unavailable: {error}");
                true
            }
        }
    }

    pub async fn unlock(&self, key: &str) {
        if let Some(connection) = &self.connection {
            let mut connection = connection.clone();
            let _: redis::RedisResult<()> = connection.del(self.key("lock", key)).await;
        }
    }

    /// Counts one event for `key` in a fixed window every instance shares: the count so far
    /// in this window and the time the window has left. `None` without Redis, or while it is
    /// unreachable: the caller then counts in its own memory.
    pub async fn count_in_window(
        &self,
        key: &str,
        window: std::time::Duration,
    ) -> Option<(u64, std::time::Duration)> {
        let connection = self.connection.as_ref()?;
        let mut connection = connection.clone();
        let key = self.key("window", key);
        let window_ms = u64::try_from(window.as_millis()).unwrap_or(u64::MAX).max(1);
        // The window starts with its first event (SET NX) and ends by expiry; INCR after
        // it counts, PTTL says how long is left. One atomic round trip.
        let answer: redis::RedisResult<(Option<String>, u64, i64)> = redis::pipe()
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
            .query_async(&mut connection)
            .await;
        window_answer(answer.map(|(_, count, left)| (count, left)))
    }

    /// The count `count_in_window` has reached for `key`, without adding to it.
    pub async fn peek_window(&self, key: &str) -> Option<(u64, std::time::Duration)> {
        let connection = self.connection.as_ref()?;
        let mut connection = connection.clone();
        let key = self.key("window", key);
        let answer: redis::RedisResult<(Option<u64>, i64)> = redis::pipe()
            .cmd("GET")
            .arg(&key)
            .cmd("PTTL")
            .arg(&key)
            .query_async(&mut connection)
            .await;
        window_answer(answer.map(|(count, left)| (count.unwrap_or(0), left)))
    }

    /// Takes back one event `count_in_window` counted for `key` (never below zero, never
    /// creating the key). True when Redis did it; false without Redis or while it is away,
    /// when the caller gives back in its own memory.
    pub async fn uncount_in_window(&self, key: &str) -> bool {
        let Some(connection) = &self.connection else {
            return false;
        };
        let mut connection = connection.clone();
        // One atomic step: a plain DECR on a key whose window just ended would recreate it
        // without an expiry.
        let answer: redis::RedisResult<i64> = redis::cmd("EVAL")
            .arg(
                "local n = tonumber(redis.call('GET', KEYS[1]) or '0') \
                 if n > 0 then return redis.call('DECR', KEYS[1]) end return 0",
            )
            .arg(1)
            .arg(self.key("window", key))
            .query_async(&mut connection)
            .await;
        match answer {
            Ok(_) => true,
            Err(error) => {
                log::warn!("shared counter unavailable, giving back in memory: {error}");
                false
            }
        }
    }

    pub async fn publish(&self, message: String) {
        if let Some(connection) = &self.connection {
            let mut connection = connection.clone();
            // Best effort: the entry's time-to-live bounds the staleness if Redis is away.
            if let Err(error) = connection
                .publish::<_, _, ()>(self.channel(), message)
                .await
            {
                log::warn!("could not publish a cache invalidation: {error}");
            }
        }
    }
}

fn window_answer(answer: redis::RedisResult<(u64, i64)>) -> Option<(u64, std::time::Duration)> {
    match answer {
        // A negative PTTL: no key (nothing counted yet) or no expiry (never set by us).
        Ok((count, left)) => Some((
            count,
            std::time::Duration::from_millis(u64::try_from(left).unwrap_or(0)),
        )),
        Err(error) => {
            log::warn!("shared counter unavailable, counting in memory: {error}");
            None
        }
    }
}

/// Receives every message published on the namespace's channel until the connection ends.
pub async fn listen(
    url: &str,
    namespace_channel: &str,
    mut on_message: impl FnMut(&str),
) -> anyhow::Result<()> {
    let client = redis::Client::open(url)?;
    let mut pubsub = client.get_async_pubsub().await?;
    pubsub.subscribe(namespace_channel).await?;
    let mut messages = pubsub.on_message();
    while let Some(message) = messages.next().await {
        if let Ok(text) = message.get_payload::<String>() {
            on_message(&text);
        }
    }
    Ok(())
}
