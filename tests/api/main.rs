//! Integration tests: one binary, one module per area, every test against a real server.

#[path = "../support/mod.rs"]
mod support;

mod access;
mod api_keys;
mod audit;
mod bad_input;
mod cli;
mod csrf;
mod dashboard;
mod database;
mod form_errors;
mod hardening;
mod health;
mod links_click;
mod links_issue;
mod links_issue_answers;
mod login;
mod login_races;
mod mock_provider;
mod operator_templates;
mod postgres;
mod provider_against_sandbox;
mod provider_contract;
mod provider_faults;
mod reconciler;
mod redis_faults;
mod redis_sessions;
mod sandbox_api;
mod sandbox_faults;
mod sandbox_hosted_flow;
mod sandbox_operator;
mod sandbox_webhooks;
mod security_headers;
mod session_store_failure;
mod sessions;
mod shutdown;
mod templates;
mod tenant_scoping;
mod two_instances;
mod users;
mod webhook_receiver;
mod webhooks;
