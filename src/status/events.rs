//! Announcements of applied status changes, for in-memory caches (the click path's) to
//! subscribe to. Nothing is lost if nobody listens: the database is the truth.

use tokio::sync::broadcast;

/// One inquiry whose status (or expiry) changed; internal ids, never leaving the process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatusChanged {
    pub tenant_id: i32,
    pub link_id: Option<i32>,
    pub inquiry_id: i32,
}

/// A broadcast channel of [`StatusChanged`]; cloning shares the channel.
#[derive(Clone, Debug)]
pub struct StatusEvents {
    sender: broadcast::Sender<StatusChanged>,
}

/// Subscribers that fall this far behind miss announcements (`RecvError::Lagged`) and
/// should drop their whole cache.
const CAPACITY: usize = 1024;

impl Default for StatusEvents {
    fn default() -> Self {
        Self::new()
    }
}

impl StatusEvents {
    pub fn new() -> Self {
        let (sender, _) = broadcast::channel(CAPACITY);
        Self { sender }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<StatusChanged> {
        self.sender.subscribe()
    }

    /// Announces a change; having no subscriber is normal, not an error.
    pub fn publish(&self, change: StatusChanged) {
        let _ = self.sender.send(change);
    }
}

#[cfg(test)]
#[path = "../../tests/unit/status_events.rs"]
mod tests;
