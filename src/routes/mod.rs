//! The one route table. Handlers are small and named after what they do.

use actix_web::{web, HttpRequest};

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
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .route("/metrics", web::get().to(crate::metrics::metrics_endpoint))
        .route("/static/{file}", web::get().to(static_files::serve))
        .route("/login", web::get().to(auth::login_form))
        .route("/login", web::post().to(auth::login))
        .route("/logout", web::post().to(auth::logout))
        .route("/l/{token}", web::get().to(end_user::follow_link))
        .route(
            "/l/{token}/code",
            web::post().to(end_user::enter_access_code),
        )
        .route("/a/{code}", web::get().to(end_user::follow_access_link))
        .route("/done", web::get().to(end_user::done))
        .route("/", web::get().to(dashboard::show_dashboard))
        .route("/links", web::get().to(links::list_links))
        .route("/links", web::post().to(links::create_link))
        .route("/links/new", web::get().to(links::new_link_form))
        .route(
            "/links/reissue-stale",
            web::post().to(dashboard::reissue_stale_links),
        )
        .route("/links/{id}", web::get().to(links::show_link))
        .route(
            "/links/{id}/qr.svg",
            web::get().to(link_actions::link_qr_code),
        )
        .route(
            "/links/{id}/revoke",
            web::post().to(link_actions::revoke_link),
        )
        .route(
            "/links/{id}/extend",
            web::post().to(link_actions::extend_link),
        )
        .route(
            "/links/{id}/unlock",
            web::post().to(link_actions::unlock_link),
        )
        .route(
            "/links/{id}/session-token",
            web::post().to(link_actions::generate_session_token),
        )
        .route(
            "/links/{id}/access-link",
            web::post().to(link_actions::mint_access_link),
        )
        .route("/account", web::get().to(account::show_account))
        .route(
            "/account/password",
            web::post().to(account::change_password),
        )
        .route("/users", web::get().to(users::list_users))
        .route("/users", web::post().to(users::add_user))
        .route("/users/{id}/role", web::post().to(users::change_role))
        .route("/users/{id}/disable", web::post().to(users::disable_user))
        .route("/users/{id}/enable", web::post().to(users::enable_user))
        .route(
            "/users/{id}/end-sessions",
            web::post().to(users::end_sessions),
        )
        .route("/api-keys", web::get().to(api_keys::list_api_keys))
        .route("/api-keys", web::post().to(api_keys::create_api_key))
        .route(
            "/api-keys/{id}/revoke",
            web::post().to(api_keys::revoke_api_key),
        )
        .route("/operator", web::get().to(operator::operator_home))
        .route("/operator/tenants", web::get().to(operator::list_tenants))
        .route("/operator/tenants", web::post().to(operator::create_tenant))
        .route(
            "/operator/templates",
            web::get().to(templates::list_connections),
        )
        .route(
            "/operator/templates",
            web::post().to(templates::connect_template),
        )
        .route("/inquiries/{id}", web::get().to(inquiries::show_inquiry))
        .route(
            "/operator/tenants/{slug}/ceiling",
            web::post().to(operator::set_ceiling),
        )
        .route(
            "/links/{id}/pause",
            web::post().to(link_actions::pause_link),
        )
        .route(
            "/links/{id}/resume",
            web::post().to(link_actions::resume_link),
        )
        .route(
            "/api/v1/links/{id}/pause",
            web::post().to(api::links::pause_link),
        )
        .route(
            "/api/v1/links/{id}/resume",
            web::post().to(api::links::resume_link),
        )
        .route("/templates", web::get().to(templates::list_templates))
        .route("/settings", web::get().to(settings::show_settings))
        .route("/settings", web::post().to(settings::save_settings))
        .route(
            "/api/v1/openapi.json",
            web::get().to(api::openapi::openapi_json),
        )
        .route("/api/v1/links", web::post().to(api::links::create_link))
        .route("/api/v1/links", web::get().to(api::links::list_links))
        .route("/api/v1/links/{id}", web::get().to(api::links::get_link))
        .route(
            "/api/v1/links/{id}/revoke",
            web::post().to(api::links::revoke_link),
        )
        .route(
            "/api/v1/inquiries/{id}",
            web::get().to(api::inquiries::get_inquiry),
        )
        .route(
            "/api/v1/inquiries/{id}/session-token",
            web::post().to(api::inquiries::create_session_token),
        )
        .route(
            "/api/v1/inquiries/{id}/access-link",
            web::post().to(api::inquiries::create_access_link),
        )
        .route("/operator/usage", web::get().to(usage::show_usage))
        .route("/audit", web::get().to(audit::show_audit))
        .route("/audit.csv", web::get().to(audit::export_audit_csv))
        .service(
            web::resource("/webhooks/persona")
                .app_data(web::PayloadConfig::new(webhooks::MAX_BODY_BYTES))
                .route(web::post().to(webhooks::receive_persona)),
        );
}

/// The address of the connected peer. `X-Forwarded-For` is not trusted: anyone can send it.
pub fn client_ip(req: &HttpRequest) -> std::net::IpAddr {
    req.peer_addr()
        .map(|addr| addr.ip())
        .unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED))
}

/// A 303 to `location`: the Post/Redirect/Get answer of every successful form.
pub fn see_other(location: &str) -> actix_web::HttpResponse {
    actix_web::HttpResponse::SeeOther()
        .insert_header((actix_web::http::header::LOCATION, location))
        .finish()
}

/// A form with only its CSRF token (logout, one-button actions).
#[derive(serde::Deserialize)]
pub struct EmptyForm {}
