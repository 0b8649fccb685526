//! The Inquiry Link Portal: hands identity-verification inquiries to end users through
//! links that never lose access. See DESIGN.md for the product; README.md to run it.

pub mod accounts;
pub mod auth;
pub mod cli;
pub mod cluster;
pub mod config;
pub mod crypto;
pub mod db;
pub mod domain;
pub mod entities;
pub mod error;
pub mod http;
pub mod i18n;
pub mod idempotency;
pub mod jobs;
pub mod limits;
pub mod links;
pub mod memory;
pub mod metrics;
pub mod net;
pub mod notifications;
pub mod passwords;
pub mod provider;
pub mod repo;
pub mod reports;
pub mod routes;
pub mod sandbox;
pub mod seed;
pub mod startup;
pub mod state;
pub mod status;
pub mod telemetry;
pub mod templates;
pub mod tenant_webhooks;
pub mod views;
pub mod webhooks;
