//! The one route table. Handlers are small and named after what they do.

use actix_web::{web, HttpRequest};

mod account;
pub mod api;
mod api_keys;
mod audit;
mod auth;
mod dashboard;
pub mod errors;
mod health;
mod operator;
mod static_files;
mod usage;
mod users;
mod webhooks;

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .route("/static/{file}", web::get().to(static_files::serve))
        .route("/login", web::get().to(auth::login_form))
        .route("/login", web::post().to(auth::login))
        .route("/logout", web::post().to(auth::logout))
        .route("/", web::get().to(dashboard::show_dashboard))
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
