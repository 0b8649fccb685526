//! `/inquiry-templates` and `/inquiry-template-versions`: read-only, as in Persona.

use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::{json, Value};

use crate::sandbox::{error::SandboxError, shapes, templates, SandboxState};

pub async fn list_templates(state: web::Data<SandboxState>) -> Result<HttpResponse, SandboxError> {
    let all = templates::list_templates(&state.db.connection).await?;
    let data: Vec<Value> = all
        .iter()
        .map(|entry| shapes::template(&entry.template, entry.latest()))
        .collect();
    Ok(HttpResponse::Ok().json(json!({"data": data, "links": {"prev": null, "next": null}})))
}

pub async fn retrieve_template(
    state: web::Data<SandboxState>,
    path: web::Path<String>,
) -> Result<HttpResponse, SandboxError> {
    let conn = &state.db.connection;
    let template = templates::find_template(conn, &path)
        .await?
        .ok_or_else(|| SandboxError::not_found("No inquiry template with this id."))?;
    let latest = templates::latest_version(conn, template.id).await?;
    Ok(HttpResponse::Ok().json(json!({"data": shapes::template(&template, latest.as_ref())})))
}

/// `?filter[inquiry-template-id]=…` narrows the list to one template, newest version first.
pub async fn list_versions(
    state: web::Data<SandboxState>,
    req: HttpRequest,
) -> Result<HttpResponse, SandboxError> {
    let conn = &state.db.connection;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(req.query_string())
        .map_err(|_| SandboxError::bad_request("The query string could not be read."))?;
    let template_filter = pairs
        .into_iter()
        .find(|(name, _)| name == "filter[inquiry-template-id]")
        .map(|(_, value)| value);
    let data: Vec<Value> = match template_filter {
        Some(template_id) => match templates::find_template(conn, &template_id).await? {
            Some(template) => {
                let versions = templates::list_versions(conn, Some(template.id)).await?;
                versions
                    .iter()
                    .enumerate()
                    .map(|(index, version)| {
                        shapes::version(version, &template.public_id, index == 0)
                    })
                    .collect()
            }
            None => Vec::new(),
        },
        None => templates::list_templates(conn)
            .await?
            .iter()
            .flat_map(|entry| {
                entry.versions.iter().enumerate().map(|(index, version)| {
                    shapes::version(version, &entry.template.public_id, index == 0)
                })
            })
            .collect(),
    };
    Ok(HttpResponse::Ok().json(json!({"data": data, "links": {"prev": null, "next": null}})))
}

pub async fn retrieve_version(
    state: web::Data<SandboxState>,
    path: web::Path<String>,
) -> Result<HttpResponse, SandboxError> {
    let conn = &state.db.connection;
    let version = templates::find_version(conn, &path)
        .await?
        .ok_or_else(|| SandboxError::not_found("No inquiry template version with this id."))?;
    let template = templates::find_template_by_id(conn, version.template_id)
        .await?
        .ok_or_else(|| SandboxError::not_found("No inquiry template with this id."))?;
    let latest = templates::latest_version(conn, template.id).await?;
    let is_latest = latest.is_some_and(|latest| latest.id == version.id);
    Ok(HttpResponse::Ok()
        .json(json!({"data": shapes::version(&version, &template.public_id, is_latest)})))
}
