//! Integration tests: one binary, one module per area, every test against a real server.

#[path = "../support/mod.rs"]
mod support;

mod api_keys;
mod audit;
mod bad_input;
mod csrf;
mod dashboard;
mod database;
mod health;
mod login;
mod mock_provider;
mod provider_contract;
mod provider_faults;
mod reconciler;
mod redis_sessions;
mod security_headers;
mod sessions;
mod users;
mod webhooks;
