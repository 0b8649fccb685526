//! What issuers do to an existing link in the admin UI: revoke, extend, unlock, pause,
//! session tokens and access links; and its QR code. The work is in `links::actions`.

use actix_session::Session;
use actix_web::{
    http::{header, StatusCode},
    web, HttpResponse,
};
use serde::Deserialize;

use crate::{
    auth::{ProtectedForm, TenantUser},
    domain::Lifetime,
    entities::links,
    error::AppError,
    links::actions,
    state::AppState,
    views::{link_detail::OneTimeSecrets, Flash},
};

use super::{see_other, EmptyForm};

pub async fn revoke_link(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
    path: web::Path<String>,
    _form: ProtectedForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    member.require_issuer()?;
    let link = actions::find(&state, member.scope(), &path).await?;
    crate::links::lifecycle::revoke(&state, member.scope(), &member.current.actor(), &link).await?;
    Flash::success(
        &session,
        "The link is revoked. It stops working at once, everywhere.",
    );
    Ok(see_other(&format!("/links/{}", link.public_id)))
}

#[derive(Deserialize)]
pub struct ExtendForm {
    #[serde(default)]
    extend_seconds: String,
}

pub async fn extend_link(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
    path: web::Path<String>,
    ProtectedForm(form): ProtectedForm<ExtendForm>,
) -> Result<HttpResponse, AppError> {
    member.require_issuer()?;
    let link = actions::find(&state, member.scope(), &path).await?;
    let location = format!("/links/{}", link.public_id);
    let extension = Lifetime::parse(&form.extend_seconds).map_err(AppError::BadRequest)?;
    match actions::extend(
        &state,
        member.scope(),
        &member.current.actor(),
        &link,
        extension,
    )
    .await
    {
        Ok(extended) => {
            let note = if extended.capped {
                " (capped at the policy's maximum lifetime)"
            } else {
                ""
            };
            Flash::success(&session, format!("The link is extended{note}."));
        }
        Err(AppError::Conflict(message)) => Flash::error(&session, message),
        Err(error) => return Err(error),
    }
    Ok(see_other(&location))
}

pub async fn unlock_link(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
    path: web::Path<String>,
    _form: ProtectedForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    member.require_issuer()?;
    let link = actions::find(&state, member.scope(), &path).await?;
    actions::unlock(&state, member.scope(), &member.current.actor(), &link).await?;
    Flash::success(
        &session,
        "The link is unlocked; the access code works again.",
    );
    Ok(see_other(&format!("/links/{}", link.public_id)))
}

/// The link's QR code as SVG, generated on the server.
pub async fn link_qr_code(
    state: web::Data<AppState>,
    member: TenantUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let link = actions::find(&state, member.scope(), &path).await?;
    let url = crate::links::link_url_of(&state, &link)?;
    let code = qrcode::QrCode::new(url.as_bytes()).map_err(AppError::internal)?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(180, 180)
        .quiet_zone(true)
        .build();
    Ok(HttpResponse::Ok()
        .content_type("image/svg+xml")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(svg))
}

/// Shows the link page again with a secret that exists only in this response.
async fn page_with(
    state: &AppState,
    session: &Session,
    member: &TenantUser,
    link: &links::Model,
    result: Result<OneTimeSecrets, AppError>,
) -> Result<HttpResponse, AppError> {
    match result {
        Ok(secrets) => {
            super::links::link_page(
                state,
                member,
                &link.public_id,
                &secrets,
                None,
                StatusCode::OK,
            )
            .await
        }
        Err(
            error @ (AppError::Conflict(_)
            | AppError::TooManyRequests { .. }
            | AppError::ProviderBusy { .. }),
        ) => {
            Flash::error(session, error.public_message());
            Ok(see_other(&format!("/links/{}", link.public_id)))
        }
        Err(error) => Err(error),
    }
}

pub async fn generate_session_token(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
    path: web::Path<String>,
    _form: ProtectedForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    member.require_issuer()?;
    let link = actions::find(&state, member.scope(), &path).await?;
    let result = actions::session_token(&state, member.scope(), &member.current.actor(), &link)
        .await
        .map(|(token, flow_url)| OneTimeSecrets {
            session_token: Some((token, flow_url)),
            ..OneTimeSecrets::default()
        });
    page_with(&state, &session, &member, &link, result).await
}

pub async fn mint_access_link(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
    path: web::Path<String>,
    _form: ProtectedForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    member.require_issuer()?;
    let link = actions::find(&state, member.scope(), &path).await?;
    let result = actions::access_link(&state, member.scope(), &member.current.actor(), &link)
        .await
        .map(|url| OneTimeSecrets {
            access_link: Some(url),
            ..OneTimeSecrets::default()
        });
    page_with(&state, &session, &member, &link, result).await
}

async fn change_pause(
    state: &AppState,
    session: &Session,
    member: &TenantUser,
    public_id: &str,
    paused: bool,
) -> Result<HttpResponse, AppError> {
    member.require_issuer()?;
    let link = actions::find(state, member.scope(), public_id).await?;
    let changed = crate::links::lifecycle::set_paused(
        state,
        member.scope(),
        &member.current.actor(),
        &link,
        paused,
    )
    .await?;
    match (changed, paused) {
        (true, true) => Flash::success(
            session,
            "The link is paused; visitors see a \"paused\" page.",
        ),
        (true, false) => Flash::success(session, "The link works again."),
        (false, _) => Flash::error(
            session,
            format!("A {} link cannot be changed that way.", link.state),
        ),
    }
    Ok(see_other(&format!("/links/{}", link.public_id)))
}

pub async fn pause_link(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
    path: web::Path<String>,
    _form: ProtectedForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    change_pause(&state, &session, &member, &path, true).await
}

pub async fn resume_link(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
    path: web::Path<String>,
    _form: ProtectedForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    change_pause(&state, &session, &member, &path, false).await
}
