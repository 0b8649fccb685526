//! The one route table. Handlers are small and named after what they do.

use actix_web::web;

pub use crate::{
    http::{see_other, EmptyForm},
    net::{client_ip, parse_trusted_proxies},
};

mod account;
pub mod api;
mod api_keys;
mod audit;
mod auth;
mod dashboard;
mod end_user;
pub mod errors;
mod health;
mod inquiries;
mod link_actions;
pub mod links;
mod operator;
mod settings;
mod static_files;
mod templates;
mod usage;
mod users;
mod webhooks;

/// The embedded sandbox's routes (`/sandbox/…`, `/operator/sandbox…`) are in
/// `sandbox::routes::config`, which `startup` registers only in sandbox mode.
///
/// actix-web tries routes in order and matches each pattern with a parameter by regex, so
/// the hot paths come first (the click, then the API's scope), and areas with many
/// parameterised routes sit in scopes, which a request whose path does not start with the
/// scope's prefix skips with one string comparison.
pub fn config(cfg: &mut web::ServiceConfig) {
    // The click's GET first; HEAD (previews, scanners) and the Continue POST share its
    // resource, so any other method gets 405.
    cfg.service(
        web::resource("/l/{token}")
            .route(web::get().to(end_user::follow_link))
            .route(web::head().to(end_user::probe_link))
            .route(web::post().to(end_user::continue_link)),
    )
    .service(web::scope("/api/v1").configure(api_routes))
    .route("/healthz", web::get().to(health::healthz))
    .route("/readyz", web::get().to(health::readyz))
    .route("/metrics", web::get().to(health::metrics))
    .route(
        "/l/{token}/code",
        web::post().to(end_user::enter_access_code),
    )
    .service(
        web::resource("/a/{code}")
            .route(web::get().to(end_user::follow_access_link))
            .route(web::head().to(end_user::probe_access_link))
            .route(web::post().to(end_user::use_access_link)),
    )
    .route("/done", web::get().to(end_user::done))
    .route("/static/{file}", web::get().to(static_files::serve))
    .route("/login", web::get().to(auth::login_form))
    .route("/login", web::post().to(auth::login))
    .route("/logout", web::post().to(auth::logout))
    .route("/", web::get().to(dashboard::show_dashboard))
    .service(web::scope("/links").configure(link_routes))
    .route("/inquiries/{id}", web::get().to(inquiries::show_inquiry))
    .route("/templates", web::get().to(templates::list_templates))
    .route("/account", web::get().to(account::show_account))
    .route(
        "/account/password",
        web::post().to(account::change_password),
    )
    .service(web::scope("/users").configure(user_routes))
    .route("/api-keys", web::get().to(api_keys::list_api_keys))
    .route("/api-keys", web::post().to(api_keys::create_api_key))
    .route(
        "/api-keys/{id}/revoke",
        web::post().to(api_keys::revoke_api_key),
    )
    .route("/settings", web::get().to(settings::show_settings))
    .route("/settings", web::post().to(settings::save_settings))
    .route("/audit", web::get().to(audit::show_audit))
    .route("/audit.csv", web::get().to(audit::export_audit_csv))
    // Not a scope: `/operator/sandbox…` belongs to the sandbox's table.
    .route("/operator", web::get().to(operator::operator_home))
    .route("/operator/tenants", web::get().to(operator::list_tenants))
    .route("/operator/tenants", web::post().to(operator::create_tenant))
    .route(
        "/operator/tenants/{slug}/ceiling",
        web::post().to(operator::set_ceiling),
    )
    .route(
        "/operator/templates",
        web::get().to(templates::list_connections),
    )
    .route(
        "/operator/templates",
        web::post().to(templates::connect_template),
    )
    .route("/operator/usage", web::get().to(usage::show_usage))
    .service(
        web::resource("/webhooks/persona")
            .app_data(web::PayloadConfig::new(webhooks::MAX_BODY_BYTES))
            .route(web::post().to(webhooks::receive_persona)),
    );
}

/// The tenant API, under `/api/v1`; the session-token call first, as backends make it on
/// every app load.
fn api_routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/inquiries/{id}/session-token",
        web::post().to(api::inquiries::create_session_token),
    )
    .route(
        "/inquiries/{id}",
        web::get().to(api::inquiries::get_inquiry),
    )
    .route(
        "/inquiries/{id}/access-link",
        web::post().to(api::inquiries::create_access_link),
    )
    .route("/links", web::post().to(api::links::create_link))
    .route("/links", web::get().to(api::links::list_links))
    .route("/links/{id}", web::get().to(api::links::get_link))
    .route(
        "/links/{id}/revoke",
        web::post().to(api::links::revoke_link),
    )
    .route("/links/{id}/pause", web::post().to(api::links::pause_link))
    .route(
        "/links/{id}/resume",
        web::post().to(api::links::resume_link),
    )
    .route("/openapi.json", web::get().to(api::openapi::openapi_json));
}

/// The admin's links, under `/links`.
fn link_routes(cfg: &mut web::ServiceConfig) {
    cfg.route("", web::get().to(links::list_links))
        .route("", web::post().to(links::create_link))
        .route("/new", web::get().to(links::new_link_form))
        .route(
            "/reissue-stale",
            web::post().to(dashboard::reissue_stale_links),
        )
        .route("/{id}", web::get().to(links::show_link))
        .route("/{id}/qr.svg", web::get().to(link_actions::link_qr_code))
        .route("/{id}/revoke", web::post().to(link_actions::revoke_link))
        .route("/{id}/extend", web::post().to(link_actions::extend_link))
        .route("/{id}/unlock", web::post().to(link_actions::unlock_link))
        .route("/{id}/pause", web::post().to(link_actions::pause_link))
        .route("/{id}/resume", web::post().to(link_actions::resume_link))
        .route(
            "/{id}/session-token",
            web::post().to(link_actions::generate_session_token),
        )
        .route(
            "/{id}/access-link",
            web::post().to(link_actions::mint_access_link),
        );
}

/// The tenant's users, under `/users`.
fn user_routes(cfg: &mut web::ServiceConfig) {
    cfg.route("", web::get().to(users::list_users))
        .route("", web::post().to(users::add_user))
        .route("/{id}/role", web::post().to(users::change_role))
        .route("/{id}/disable", web::post().to(users::disable_user))
        .route("/{id}/enable", web::post().to(users::enable_user))
        .route("/{id}/end-sessions", web::post().to(users::end_sessions));
}
