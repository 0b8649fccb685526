//! What an applied status change tells the caches (the click path's, the session-token
//! API's) to drop. Nothing is lost if a cache misses one: the database is the truth, and
//! cached entries live for a minute at most.

/// One inquiry whose status (or expiry) changed; internal ids, never leaving the process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatusChanged {
    pub link_id: Option<i32>,
    pub inquiry_id: i32,
}
