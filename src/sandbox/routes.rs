//! The sandbox's routes, registered by `startup` only in sandbox mode: in persona mode
//! none of them exist and every `/sandbox` path answers 404.

use actix_web::{
    http::header,
    middleware::{from_fn, ErrorHandlers},
    web, HttpResponse,
};

use super::{api, error, error::SandboxError, gate, hosted, operator, widget, SandboxState};

/// Registers the sandbox's pages and API with its own state, which its handlers read
/// instead of the portal's.
pub fn config(cfg: &mut web::ServiceConfig, state: web::Data<SandboxState>) {
    cfg.service(
        web::scope("/sandbox")
            .app_data(state.clone())
            .service(
                web::scope("/api/v1")
                    .wrap(from_fn(gate::api_gate))
                    // actix-web's own errors (unreadable bodies, unknown methods) too.
                    .wrap(ErrorHandlers::new().default_handler(error::render_bare_error))
                    // Extractor failures answer in Persona's shape, not with HTML pages.
                    .app_data(
                        web::PathConfig::default().error_handler(|_, _| {
                            SandboxError::not_found("No such record.").into()
                        }),
                    )
                    .app_data(web::QueryConfig::default().error_handler(|_, _| {
                        SandboxError::bad_request("The query string could not be read.").into()
                    }))
                    .configure(api_routes)
                    .default_service(web::to(api::not_found)),
            )
            .route("/verify", web::get().to(hosted::verify))
            .route(
                "/verify/{inquiry_id}/details",
                web::post().to(hosted::steps::confirm_details),
            )
            .route(
                "/verify/{inquiry_id}/document",
                web::post().to(hosted::steps::submit_document),
            )
            .route("/widget", web::get().to(widget::open_widget))
            .route(
                widget::views::SCRIPT_PATH_IN_SCOPE,
                web::get().to(widget_script),
            )
            .route(
                "/widget/{inquiry_id}/details",
                web::post().to(widget::steps::confirm_details),
            )
            .route(
                "/widget/{inquiry_id}/document",
                web::post().to(widget::steps::submit_document),
            ),
    )
    .service(
        web::scope("/operator/sandbox")
            .app_data(state)
            .route("", web::get().to(operator::show_sandbox))
            .route("/templates", web::post().to(operator::create_template))
            .route(
                "/templates/{template_id}/versions",
                web::post().to(operator::publish_version),
            )
            .route(
                "/templates/{template_id}/intervals",
                web::post().to(operator::change_intervals),
            ),
    );
}

/// The embedded flow's script, compiled in like the portal's own static files.
async fn widget_script() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(widget::views::SCRIPT)
}

/// The Persona-compatible API, under `/sandbox/api/v1`.
fn api_routes(cfg: &mut web::ServiceConfig) {
    use api::{control, inquiries, templates};
    cfg.route("/inquiries", web::post().to(inquiries::create_inquiry))
        .route("/inquiries", web::get().to(inquiries::list_inquiries))
        .route(
            "/inquiries/{inquiry_id}",
            web::get().to(inquiries::retrieve_inquiry),
        )
        .route(
            "/inquiries/{inquiry_id}/resume",
            web::post().to(inquiries::resume_inquiry),
        )
        .route(
            "/inquiries/{inquiry_id}/expire",
            web::post().to(inquiries::expire_inquiry),
        )
        .route(
            "/inquiries/{inquiry_id}/generate-one-time-link",
            web::post().to(inquiries::generate_one_time_link),
        )
        .route(
            "/inquiry-templates",
            web::get().to(templates::list_templates),
        )
        .route(
            "/inquiry-templates/{template_id}",
            web::get().to(templates::retrieve_template),
        )
        .route(
            "/inquiry-template-versions",
            web::get().to(templates::list_versions),
        )
        .route(
            "/inquiry-template-versions/{version_id}",
            web::get().to(templates::retrieve_version),
        )
        .route("/_faults", web::get().to(control::show_faults))
        .route("/_faults", web::post().to(control::set_faults))
        .route("/_faults", web::delete().to(control::reset_faults))
        .route("/_limits", web::get().to(control::show_limits))
        .route("/_limits", web::post().to(control::set_limits))
        .route("/_stats", web::get().to(control::show_stats));
}
