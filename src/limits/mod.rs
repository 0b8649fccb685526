//! Counters that refuse: per-address login throttling with per-account soft locks, and
//! per-key request limits. Shared through the cluster when Redis is configured.

pub mod rate_limit;
pub mod throttle;
