//! Integration tests: one binary, one module per area, every test against a real server.

#[path = "../support/mod.rs"]
mod support;

mod bad_input;
mod csrf;
mod health;
mod login;
mod sandbox_api;
mod sandbox_faults;
mod sandbox_hosted_flow;
mod sandbox_operator;
mod sandbox_support;
mod sandbox_webhooks;
mod security_headers;
mod sessions;
mod users;
