//! Step definitions, one file per concept.

mod access;
mod accounts;
mod admin_layout;
mod admin_sign_in;
mod branding;
mod browser;
mod bulk;
mod embedded_flow;
mod end_user_browser;
mod field_proof_rescue;
mod first_contact;
mod hosted_flow;
mod http;
mod languages;
mod link_lifecycle;
mod links;
mod notifications;
mod operations;
mod passkeys;
mod sandbox;
mod sso;
mod status;
mod team;
mod tenant_webhooks;
