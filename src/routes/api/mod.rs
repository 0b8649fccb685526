//! The tenant API under `/api/v1`: JSON, API-key authenticated, idempotent POSTs.

pub mod idempotency;
