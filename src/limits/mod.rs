//! Counters and clocks that refuse: per-address login throttling with per-account soft
//! locks, per-key request limits (shared through the cluster when Redis is configured),
//! and a deadline for request bodies.

pub mod body_deadline;
pub mod rate_limit;
pub mod throttle;
