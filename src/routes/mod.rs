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
mod branding;
mod bulk;
mod dashboard;
mod end_user;
pub mod errors;
mod form_once;
mod health;
mod inquiries;
mod invitations;
mod link_actions;
mod link_form;
pub mod links;
mod new_link;
mod operator;
mod outbox;
mod passkeys;
mod security;
mod settings;
mod sso;
mod sso_settings;
mod static_files;
mod templates;
mod tenant_webhooks;
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
    .service(web::resource("/l/{token}/recover").post(end_user::recover_link))
    .service(
        web::resource("/a/{code}")
            .route(web::get().to(end_user::follow_access_link))
            .route(web::head().to(end_user::probe_access_link))
            .route(web::post().to(end_user::use_access_link)),
    )
    .service(web::resource("/done").get(end_user::done))
    .service(web::resource("/static/{file}").get(static_files::serve))
    .configure(sign_in_routes)
    .configure(sign_in_step_routes)
    .service(web::resource("/").get(dashboard::show_dashboard))
    .service(web::scope("/links").configure(link_routes))
    .service(web::resource("/inquiries/{id}").get(inquiries::show_inquiry))
    .service(web::resource("/templates").get(templates::list_templates))
    .service(web::scope("/account").configure(account_routes))
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
    .configure(branding_and_sso_routes)
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
    .service(web::resource("/operator/outbox").get(outbox::show_outbox))
    .service(web::resource("/operator/outbox/{id}").get(outbox::show_outbox_message))
    .service(web::resource("/sandbox/mailbox").get(outbox::show_mailbox))
    .service(web::resource("/sandbox/mailbox/{id}").get(outbox::show_mailbox_message))
    .service(
        web::resource("/webhooks/persona")
            .app_data(web::PayloadConfig::new(webhooks::MAX_BODY_BYTES))
            .post(webhooks::receive_persona),
    )
    // After the provider's receiver, so `/webhooks/persona` is never taken for an endpoint.
    .configure(tenant_webhook_routes);
}

/// The tenant's webhook endpoints (DESIGN 13.4), under `/webhooks`.
fn tenant_webhook_routes(cfg: &mut web::ServiceConfig) {
    use tenant_webhooks as hooks;
    cfg.service(
        web::resource("/webhooks")
            .get(hooks::list_endpoints)
            .post(hooks::create_endpoint),
    )
    .service(web::resource("/webhooks/{id}").get(hooks::show_log))
    .service(web::resource("/webhooks/{id}/rotate").post(hooks::rotate_secret))
    .service(web::resource("/webhooks/{id}/enable").post(hooks::enable_endpoint))
    .service(web::resource("/webhooks/{id}/disable").post(hooks::disable_endpoint))
    .service(web::resource("/webhooks/{id}/delete").post(hooks::delete_endpoint))
    .service(web::resource("/webhooks/{id}/replay-failed").post(hooks::replay_failed))
    .service(web::resource("/webhook-deliveries/{id}/replay").post(hooks::replay_delivery));
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
    // Before `/links/{id}`, so `batch` is never taken for a link id.
    .service(
        web::resource("/links/batch")
            .app_data(web::PayloadConfig::new(api::links_batch::MAX_BODY_BYTES))
            .post(api::links_batch::create_links_batch),
    )
    .service(web::resource("/links/{id}").get(links::get_link))
    .service(web::resource("/links/{id}/revoke").post(links::revoke_link))
    .service(web::resource("/links/{id}/pause").post(links::pause_link))
    .service(web::resource("/links/{id}/extend").post(links::extend_link))
    .service(web::resource("/links/{id}/resume").post(links::resume_link))
    .service(web::resource("/links/{id}/send").post(api::send::send_link))
    .service(web::resource("/openapi.json").get(openapi::openapi_json))
    .configure(webhook_api_routes);
}

/// The tenant webhooks' part of the API (DESIGN 13.4).
fn webhook_api_routes(cfg: &mut web::ServiceConfig) {
    use api::webhook_endpoints as hooks;
    cfg.service(
        web::resource("/webhook-endpoints")
            .get(hooks::list_endpoints)
            .post(hooks::create_endpoint),
    )
    .service(web::resource("/webhook-endpoints/{id}").delete(hooks::delete_endpoint))
    .service(web::resource("/webhook-endpoints/{id}/deliveries").get(hooks::list_deliveries))
    .service(web::resource("/webhook-endpoints/{id}/replay-failed").post(hooks::replay_failed))
    .service(web::resource("/webhook-endpoints/{id}/rotate-secret").post(hooks::rotate_secret))
    .service(web::resource("/webhook-endpoints/{id}/enable").post(hooks::enable_endpoint))
    .service(web::resource("/webhook-endpoints/{id}/disable").post(hooks::disable_endpoint))
    .service(web::resource("/webhook-deliveries/{id}/replay").post(hooks::replay_delivery));
}

/// The admin's links, under `/links`.
fn link_routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("")
            .get(links::list_links)
            .post(links::create_link),
    )
    .service(
        web::resource("/new")
            .get(new_link::new_link_form)
            .post(new_link::switch_template),
    )
    .service(web::resource("/reissue-stale").post(dashboard::reissue_stale_links))
    .configure(bulk_routes)
    .service(web::resource("/{id}").get(links::show_link))
    .service(web::resource("/{id}/qr.svg").get(link_actions::link_qr_code))
    .service(web::resource("/{id}/revoke").post(link_actions::revoke_link))
    .service(web::resource("/{id}/extend").post(link_actions::extend_link))
    .service(web::resource("/{id}/unlock").post(link_actions::unlock_link))
    .service(web::resource("/{id}/access-code").post(link_actions::issue_access_code))
    .service(web::resource("/{id}/pause").post(link_actions::pause_link))
    .service(web::resource("/{id}/resume").post(link_actions::resume_link))
    .service(web::resource("/{id}/session-token").post(link_actions::generate_session_token))
    .service(web::resource("/{id}/access-link").post(link_actions::mint_access_link));
}

/// Bulk issuing from a CSV file, under `/links/bulk` (before `/links/{id}`).
fn bulk_routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/bulk")
            .get(bulk::show_bulk_form)
            .post(bulk::upload_bulk_file),
    )
    .service(web::resource("/bulk/{id}").get(bulk::show_bulk_job))
    .service(web::resource("/bulk/{id}/start").post(bulk::start_bulk_job))
    .service(web::resource("/bulk/{id}/cancel").post(bulk::cancel_bulk_job))
    .service(web::resource("/bulk/{id}/result.csv").get(bulk::download_bulk_result));
}

/// Signing in after (or instead of) the password: the second step and passkeys.
fn sign_in_step_routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/login/second-factor")
            .get(auth::second_factor_form)
            .post(auth::verify_second_factor),
    )
    .service(web::resource("/login/passkey/options").post(passkeys::sign_in_options))
    .service(web::resource("/login/passkey").post(passkeys::sign_in))
    .service(
        web::resource("/login/second-factor/passkey/options").post(passkeys::second_step_options),
    )
    .service(web::resource("/login/second-factor/passkey").post(passkeys::second_step));
}

/// The signed-in person's own account, under `/account`.
fn account_routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("").get(account::show_account))
        .service(web::resource("/password").post(account::change_password))
        .service(web::resource("/tenant").post(account::switch_tenant))
        .service(web::resource("/security").get(security::show_security))
        .service(web::resource("/security/qr.svg").get(security::totp_qr_code))
        .service(web::resource("/security/totp").post(security::start_totp))
        .service(web::resource("/security/totp/confirm").post(security::confirm_totp))
        .service(web::resource("/security/totp/remove").post(security::remove_totp))
        .service(web::resource("/security/tenant-policy").post(security::set_tenant_requirement))
        .service(web::resource("/security/passkeys").post(passkeys::register_passkey))
        .service(web::resource("/security/passkeys/options").post(passkeys::registration_options))
        .service(web::resource("/security/passkeys/{id}/rename").post(passkeys::rename_passkey))
        .service(web::resource("/security/passkeys/{id}/remove").post(passkeys::remove_passkey));
}

/// Signing in and out, and an invitation's page with its two ways to accept.
fn sign_in_routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/login")
            .get(auth::login_form)
            .post(auth::login),
    )
    .service(web::resource("/logout").post(auth::logout))
    .service(web::resource("/invitations/{token}").get(invitations::show_invitation))
    .service(web::resource("/invitations/{token}/accept").post(invitations::accept_invitation))
    .service(web::resource("/invitations/{token}/password").post(invitations::set_password));
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

fn branding_and_sso_routes(cfg: &mut web::ServiceConfig) {
    branding_routes(cfg);
    sso_routes(cfg);
}

/// Single sign-on: the login page's way to the identity provider and back, and the
/// owner's settings (DESIGN 13.5).
fn sso_routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/login/sso").post(sso::start_sso))
        .service(web::resource(crate::sso::CALLBACK_PATH).get(sso::finish_sso))
        .service(
            web::resource("/settings/sso")
                .get(sso_settings::show_sso_settings)
                .post(sso_settings::save_sso_settings),
        )
        .service(web::resource("/settings/sso/remove").post(sso_settings::remove_sso_settings));
}

/// The owner's branding page and what end users' browsers load of a brand (DESIGN 13.6).
fn branding_routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/settings/branding")
            .get(branding::show_branding)
            .post(branding::save_branding),
    )
    .service(web::resource("/settings/branding/logo").post(branding::upload_logo))
    .service(web::resource("/settings/branding/logo/remove").post(branding::remove_logo))
    .service(web::resource("/brand/accent/{file}").get(branding::serve_accent))
    .service(web::resource("/brand/{slug}/logo/{file}").get(branding::serve_logo));
}
