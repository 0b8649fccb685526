//! Cache invalidation across instances. Each instance keeps click state, inquiries and
//! verified API keys in memory; when one of them revokes, extends, binds or sees a status change, it
//! publishes what changed on a Redis channel, and every instance forgets its copy. Without
//! `REDIS_URL` there is one instance and the local invalidation is all there is.

use futures_util::StreamExt;
use redis::AsyncCommands;

use crate::{entities::links, startup::AppState};

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

    fn channel(&self) -> String {
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

    async fn publish(&self, message: String) {
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

impl AppState {
    /// Forgets a link's cached click state here and on every other instance.
    pub async fn forget_link(&self, link: &links::Model) {
        self.link_cache.invalidate(&link.token_hash).await;
        self.cluster.publish(format!("link:{}", link.id)).await;
    }

    /// The same, by link id (status changes know the link, not its token).
    pub async fn forget_link_id(&self, link_id: i32) {
        self.link_cache.invalidate_link(link_id);
        self.cluster.publish(format!("link:{link_id}")).await;
    }

    /// Forgets an inquiry's cached row here and on every other instance (its stored token,
    /// status or expiry changed).
    pub async fn forget_inquiry(&self, inquiry_id: i32) {
        self.inquiry_cache.invalidate(inquiry_id);
        self.cluster.publish(format!("inquiry:{inquiry_id}")).await;
    }

    /// Forgets what the caches hold about an inquiry whose status or expiry changed, before
    /// the webhook's answer or the reconciler's next step, so the next call sees it.
    pub async fn forget_status_change(&self, change: crate::status::StatusChanged) {
        self.forget_inquiry(change.inquiry_id).await;
        if let Some(link_id) = change.link_id {
            self.forget_link_id(link_id).await;
        }
    }

    /// Forgets every verified API key here and on every other instance (a key was revoked).
    pub async fn forget_api_keys(&self) {
        self.api_key_cache.invalidate_all();
        self.cluster.publish("api_keys".to_owned()).await;
    }
}

fn apply(state: &AppState, message: &str) {
    match message.split_once(':') {
        Some(("link", id)) => match id.parse::<i32>() {
            Ok(id) => state.link_cache.invalidate_link(id),
            Err(_) => state.link_cache.invalidate_all(),
        },
        Some(("inquiry", id)) => match id.parse::<i32>() {
            Ok(id) => state.inquiry_cache.invalidate(id),
            Err(_) => state.inquiry_cache.invalidate_all(),
        },
        _ if message == "api_keys" => state.api_key_cache.invalidate_all(),
        _ => {
            state.link_cache.invalidate_all();
            state.inquiry_cache.invalidate_all();
        }
    }
}

/// Listens for other instances' invalidations; reconnects after Redis restarts. Whatever
/// might have been missed while disconnected is dropped wholesale.
pub fn spawn_listener(
    state: actix_web::web::Data<AppState>,
    url: String,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match listen(&state, &url).await {
                Ok(()) => log::warn!("cache invalidation channel closed; reconnecting"),
                Err(error) => {
                    log::warn!("cache invalidation channel failed: {error}; reconnecting")
                }
            }
            state.link_cache.invalidate_all();
            state.inquiry_cache.invalidate_all();
            state.api_key_cache.invalidate_all();
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        }
    })
}

async fn listen(state: &AppState, url: &str) -> anyhow::Result<()> {
    let client = redis::Client::open(url)?;
    let mut pubsub = client.get_async_pubsub().await?;
    pubsub.subscribe(state.cluster.channel()).await?;
    let mut messages = pubsub.on_message();
    while let Some(message) = messages.next().await {
        if let Ok(text) = message.get_payload::<String>() {
            apply(state, &text);
        }
    }
    Ok(())
}
