//! The sandbox's routes, registered by `startup` only in sandbox mode: in persona mode
//! none of them exist and every `/sandbox` path answers 404.

use std::sync::Arc;

use actix_web::{middleware::from_fn, web};

use super::{api, error::SandboxError, gate, hosted, operator, Sandbox};

pub fn config(cfg: &mut web::ServiceConfig, sandbox: Arc<Sandbox>) {
    let sandbox = web::Data::from(sandbox);
    cfg.service(
        web::scope("/sandbox")
            .app_data(sandbox.clone())
            .service(
                web::scope("/api/v1")
                    .wrap(from_fn(gate::api_gate))
                    // Extractor failures answer in Persona's shape, not with HTML pages.
                    .app_data(
                        web::PathConfig::default().error_handler(|_, _| {
                            SandboxError::not_found("No such record.").into()
                        }),
                    )
                    .app_data(web::QueryConfig::default().error_handler(|_, _| {
                        SandboxError::bad_request("The query string could not be read.").into()
                    }))
                    .route("/inquiries", web::post().to(api::inquiries::create_inquiry))
                    .route("/inquiries", web::get().to(api::inquiries::list_inquiries))
                    .route(
                        "/inquiries/{inquiry_id}",
                        web::get().to(api::inquiries::retrieve_inquiry),
                    )
                    .route(
                        "/inquiries/{inquiry_id}/resume",
                        web::post().to(api::inquiries::resume_inquiry),
                    )
                    .route(
                        "/inquiries/{inquiry_id}/expire",
                        web::post().to(api::inquiries::expire_inquiry),
                    )
                    .route(
                        "/inquiries/{inquiry_id}/generate-one-time-link",
                        web::post().to(api::inquiries::generate_one_time_link),
                    )
                    .route(
                        "/inquiry-templates",
                        web::get().to(api::templates::list_templates),
                    )
                    .route(
                        "/inquiry-templates/{template_id}",
                        web::get().to(api::templates::retrieve_template),
                    )
                    .route(
                        "/inquiry-template-versions",
                        web::get().to(api::templates::list_versions),
                    )
                    .route(
                        "/inquiry-template-versions/{version_id}",
                        web::get().to(api::templates::retrieve_version),
                    )
                    .route("/_faults", web::get().to(api::control::show_faults))
                    .route("/_faults", web::post().to(api::control::set_faults))
                    .route("/_faults", web::delete().to(api::control::reset_faults))
                    .route("/_stats", web::get().to(api::control::show_stats))
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
            ),
    )
    .service(
        web::scope("/operator/sandbox")
            .app_data(sandbox)
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
