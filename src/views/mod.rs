//! Server-rendered HTML with maud: one layout, small components, one file per page area.
//! User data is always escaped by maud; nothing here uses `PreEscaped` on it.

pub mod account;
pub mod activity;
pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod badges;
pub mod branding;
pub mod bulk;
pub mod charts;
pub mod components;
pub mod csv;
pub mod dashboard;
pub mod duration_field;
pub mod end_user;
mod end_user_flow;
pub mod errors;
pub mod flash;
pub mod inquiry;
pub mod invitations;
pub mod layout;
pub mod link_detail;
pub mod link_detail_rescue;
pub mod link_list;
pub mod links;
pub mod operator;
pub mod outbox;
pub mod passkeys;
pub mod security;
pub mod settings;
pub mod sso;
pub mod templates;
pub mod tenant_webhooks;
pub mod timeline;
pub mod usage;
pub mod users;

pub use flash::Flash;
pub use layout::{page_response, Nav, Page, TenantChoice, Viewer};
