//! `/settings/branding`: the owner sets the tenant's name, colour, support contact and
//! logo for end users; `/brand/{slug}/logo/{digest}.png` serves the logo to them.

use actix_session::Session;
use actix_web::{http::StatusCode, web, HttpResponse};
use serde::Deserialize;

use crate::{
    accounts::branding::{self, BrandInput},
    auth::{ProtectedForm, ProtectedUpload, TenantUser},
    domain::{AccentColour, FieldErrors},
    error::AppError,
    http::EmptyForm,
    state::AppState,
    views::{branding::BrandingView, page_response, Flash, Nav},
};

use super::see_other;

#[derive(Deserialize)]
pub struct BrandForm {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    accent_colour: String,
    #[serde(default)]
    support_contact: String,
}

/// The page with what the owner typed (after a mistake) or what is saved.
async fn page(
    state: &AppState,
    member: &TenantUser,
    typed: Option<&BrandForm>,
    errors: &FieldErrors,
    flash: Option<Flash>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let saved = branding::settings(state, member.scope()).await?;
    let (display_name, accent_colour, support_contact) = match typed {
        Some(form) => (
            form.display_name.as_str(),
            form.accent_colour.as_str(),
            form.support_contact.as_str(),
        ),
        None => (
            saved.display_name.as_str(),
            saved.accent_colour.as_str(),
            saved.support_contact.as_str(),
        ),
    };
    let view = BrandingView {
        tenant_name: &saved.tenant_name,
        display_name,
        accent_colour,
        support_contact,
        logo_path: saved.logo_path.as_deref(),
        errors,
        csrf_token: &member.current.csrf_token,
        can_edit: member.role().is_owner(),
    };
    let content = crate::views::branding::branding_page(&view);
    Ok(page_response(
        member.current.viewer(),
        "Branding",
        Nav::Branding,
        flash,
        status,
        content,
    ))
}

pub async fn show_branding(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
) -> Result<HttpResponse, AppError> {
    let flash = Flash::take(&session);
    page(
        &state,
        &member,
        None,
        &FieldErrors::default(),
        flash,
        StatusCode::OK,
    )
    .await
}

pub async fn save_branding(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
    ProtectedForm(form): ProtectedForm<BrandForm>,
) -> Result<HttpResponse, AppError> {
    member.require_owner()?;
    let input = BrandInput {
        display_name: &form.display_name,
        accent_colour: &form.accent_colour,
        support_contact: &form.support_contact,
    };
    match branding::save(&state, member.scope(), &member.current.actor(), input).await? {
        Ok(()) => {
            Flash::success(
                &session,
                "Branding saved. End users see it from their next page.",
            );
            Ok(see_other("/settings/branding"))
        }
        Err(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            page(&state, &member, Some(&form), &errors, None, status).await
        }
    }
}

pub async fn upload_logo(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
    upload: ProtectedUpload,
) -> Result<HttpResponse, AppError> {
    member.require_owner()?;
    let refused = |message: &str, status| {
        let mut errors = FieldErrors::default();
        errors.add("logo", message);
        (errors, status)
    };
    let (errors, status) = match upload.file {
        None => refused(
            "Choose a PNG or JPEG file.",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Some(file) if file.too_large => refused(
            "The logo is larger than 200 KB; export it smaller.",
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        Some(file) => {
            let actor = member.current.actor();
            match branding::replace_logo(&state, member.scope(), &actor, &file.bytes).await? {
                Ok(()) => {
                    Flash::success(&session, "Logo saved.");
                    return Ok(see_other("/settings/branding"));
                }
                Err(message) => refused(&message, StatusCode::UNPROCESSABLE_ENTITY),
            }
        }
    };
    page(&state, &member, None, &errors, None, status).await
}

pub async fn remove_logo(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
    _form: ProtectedForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    member.require_owner()?;
    branding::remove_logo(&state, member.scope(), &member.current.actor()).await?;
    Flash::success(&session, "Logo removed.");
    Ok(see_other("/settings/branding"))
}

/// `GET /brand/{slug}/logo/{digest}.png`: public (end users have no session); the digest
/// names the image, so browsers may keep it for good.
pub async fn serve_logo(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (slug, file) = path.into_inner();
    let digest = file.strip_suffix(".png").ok_or(AppError::NotFound)?;
    let well_formed = digest.len() == 64 && digest.bytes().all(|b| b.is_ascii_hexdigit());
    if !well_formed || slug.len() > 64 {
        return Err(AppError::NotFound);
    }
    let png = branding::logo_png(&state, &slug, digest)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type("image/png")
        .insert_header(("Cache-Control", "public, max-age=31536000, immutable"))
        .body(png))
}

/// `GET /brand/accent/{rrggbb}.css`: an accent colour as a stylesheet (the pages' CSP
/// allows no inline styles). Only colours the branding form accepts are answered.
pub async fn serve_accent(path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let hex = path.strip_suffix(".css").ok_or(AppError::NotFound)?;
    if hex.len() != 6 {
        return Err(AppError::NotFound);
    }
    let colour = AccentColour::parse(hex).map_err(|_| AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header(("Cache-Control", "public, max-age=31536000, immutable"))
        .body(format!(":root {{ --brand-accent: {colour}; }}\n")))
}
