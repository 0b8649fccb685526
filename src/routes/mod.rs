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
mod form_once;
mod health;
mod inquiries;
mod link_actions;
mod link_form;
pub mod links;
mod operator;
mod branding;
mod settings;
mod static_files;
mod templates;
mod usage;
mod users;
mod webhooks;

/// The embedded sandbox's routes (`/sandbox/…`, `/operator/sandbox…`) are in
/// `sandbox::routes::config`, which `startup` registers only in sandbox mode.
///
/// Each path is one resource with its methods, so another method on a known path gets
/// 405 with an `Allow` header (a path registered once per method would answer 404).
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
    .service(web::resource("/healthz").get(health::healthz))
    .service(web::resource("/readyz").get(health::readyz))
    .service(web::resource("/metrics").get(health::metrics))
    .service(web::resource("/l/{token}/code").post(end_user::enter_access_code))
    .service(
        web::resource("/a/{code}")
            .route(web::get().to(end_user::follow_access_link))
            .route(web::head().to(end_user::probe_access_link))
            .route(web::post().to(end_user::use_access_link)),
    )
    .service(web::resource("/done").get(end_user::done))
    .service(web::resource("/static/{file}").get(static_files::serve))
    .service(
        web::resource("/login")
            .get(auth::login_form)
            .post(auth::login),
    )
    .service(web::resource("/logout").post(auth::logout))
    .service(web::resource("/").get(dashboard::show_dashboard))
    .service(web::scope("/links").configure(link_routes))
    .service(web::resource("/inquiries/{id}").get(inquiries::show_inquiry))
    .service(web::resource("/templates").get(templates::list_templates))
    .service(web::resource("/account").get(account::show_account))
    .service(web::resource("/account/password").post(account::change_password))
    .service(web::scope("/users").configure(user_routes))
    .service(
        web::resource("/api-keys")
            .get(api_keys::list_api_keys)
            .post(api_keys::create_api_key),
    )
    .service(web::resource("/api-keys/{id}/revoke").post(api_keys::revoke_api_key))
    .service(
        web::resource("/settings")
            .get(settings::show_settings)
            .post(settings::save_settings),
    )
    .service(
        web::resource("/settings/branding")
            .get(branding::show_branding)
            .post(branding::save_branding),
    )
    .service(web::resource("/settings/branding/logo").post(branding::upload_logo))
    .service(web::resource("/settings/branding/logo/remove").post(branding::remove_logo))
    .service(web::resource("/brand/accent/{file}").get(branding::serve_accent))
    .service(web::resource("/brand/{slug}/logo/{file}").get(branding::serve_logo))
    .service(web::resource("/audit").get(audit::show_audit))
    .service(web::resource("/audit.csv").get(audit::export_audit_csv))
    // Not a scope: `/operator/sandbox…` belongs to the sandbox's table.
    .service(web::resource("/operator").get(operator::operator_home))
    .service(
        web::resource("/operator/tenants")
            .get(operator::list_tenants)
            .post(operator::create_tenant),
    )
    .service(web::resource("/operator/tenants/{slug}/ceiling").post(operator::set_ceiling))
    .service(
        web::resource("/operator/templates")
            .get(templates::list_connections)
            .post(templates::connect_template),
    )
    .service(web::resource("/operator/usage").get(usage::show_usage))
    .service(
        web::resource("/webhooks/persona")
            .app_data(web::PayloadConfig::new(webhooks::MAX_BODY_BYTES))
            .post(webhooks::receive_persona),
    );
}

/// The tenant API, under `/api/v1`; the session-token call first, as backends make it on
/// every app load.
fn api_routes(cfg: &mut web::ServiceConfig) {
    use api::{inquiries, links, openapi};
    cfg.service(
        web::resource("/inquiries/{id}/session-token").post(inquiries::create_session_token),
    )
    .service(web::resource("/inquiries/{id}").get(inquiries::get_inquiry))
    .service(web::resource("/inquiries/{id}/access-link").post(inquiries::create_access_link))
    .service(
        web::resource("/links")
            .post(links::create_link)
            .get(links::list_links),
    )
    .service(web::resource("/links/{id}").get(links::get_link))
    .service(web::resource("/links/{id}/revoke").post(links::revoke_link))
    .service(web::resource("/links/{id}/pause").post(links::pause_link))
    .service(web::resource("/links/{id}/extend").post(links::extend_link))
    .service(web::resource("/links/{id}/resume").post(links::resume_link))
    .service(web::resource("/openapi.json").get(openapi::openapi_json));
}

/// The admin's links, under `/links`.
fn link_routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("")
            .get(links::list_links)
            .post(links::create_link),
    )
    .service(web::resource("/new").get(links::new_link_form))
    .service(web::resource("/reissue-stale").post(dashboard::reissue_stale_links))
    .service(web::resource("/{id}").get(links::show_link))
    .service(web::resource("/{id}/qr.svg").get(link_actions::link_qr_code))
    .service(web::resource("/{id}/revoke").post(link_actions::revoke_link))
    .service(web::resource("/{id}/extend").post(link_actions::extend_link))
    .service(web::resource("/{id}/unlock").post(link_actions::unlock_link))
    .service(web::resource("/{id}/pause").post(link_actions::pause_link))
    .service(web::resource("/{id}/resume").post(link_actions::resume_link))
    .service(web::resource("/{id}/session-token").post(link_actions::generate_session_token))
    .service(web::resource("/{id}/access-link").post(link_actions::mint_access_link));
}

/// The tenant's users, under `/users`.
fn user_routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("")
            .get(users::list_users)
            .post(users::add_user),
    )
    .service(web::resource("/{id}/role").post(users::change_role))
    .service(web::resource("/{id}/disable").post(users::disable_user))
    .service(web::resource("/{id}/enable").post(users::enable_user))
    .service(web::resource("/{id}/end-sessions").post(users::end_sessions));
}
