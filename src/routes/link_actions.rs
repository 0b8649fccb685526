//! What issuers do to an existing link: revoke, extend, unlock; and its QR code.

use actix_session::Session;
use actix_web::{
    http::{header, StatusCode},
    web, HttpResponse,
};
use serde::Deserialize;

use crate::{
    auth::{ProtectedForm, TenantUser},
    db::now,
    domain::{Lifetime, LinkState},
    entities::links,
    error::AppError,
    links::{access_links, session_tokens},
    repo::{self, audit::AuditEntry},
    state::AppState,
    views::{link_detail::OneTimeSecrets, Flash},
};

use super::{see_other, EmptyForm};

async fn find_link(
    state: &AppState,
    member: &TenantUser,
    public_id: &str,
) -> Result<links::Model, AppError> {
    repo::links::find(&state.db.connection, member.scope(), public_id)
        .await?
        .ok_or(AppError::NotFound)
}

async fn audit(
    state: &AppState,
    member: &TenantUser,
    link: &links::Model,
    action: &str,
    details: Option<serde_json::Value>,
) -> Result<(), AppError> {
    repo::audit::record(
        &state.db.connection,
        AuditEntry {
            tenant_id: Some(member.tenant.id),
            actor: &member.current.actor(),
            action,
            subject: Some(&repo::audit::link_subject(&link.public_id)),
            details,
        },
    )
    .await?;
    Ok(())
}

pub async fn revoke_link(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
    path: web::Path<String>,
    _form: ProtectedForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    member.require_issuer()?;
    let link = find_link(&state, &member, &path).await?;
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
    let link = find_link(&state, &member, &path).await?;
    let location = format!("/links/{}", link.public_id);
    if matches!(link.state, LinkState::Revoked | LinkState::Completed) {
        Flash::error(
            &session,
            format!("A {} link cannot be extended.", link.state),
        );
        return Ok(see_other(&location));
    }
    let extension = Lifetime::parse(&form.extend_seconds).map_err(AppError::BadRequest)?;
    let policy = repo::policies::get(&state.db.connection, member.scope()).await?;
    let ceiling = policy.max_link_seconds.min(policy.ceiling_link_seconds);
    let at = now();
    let new_expiry = link.expires_at.max(at) + extension.seconds();
    // The policy bounds how far ahead of now a link may reach, however often it is extended.
    let bounded = new_expiry.min(at + ceiling);
    let new_state = if link.state == LinkState::Expired {
        LinkState::Active
    } else {
        link.state
    };
    repo::links::set_expiry(
        &state.db.connection,
        member.scope(),
        link.id,
        bounded,
        new_state,
    )
    .await?;
    state.forget_link(&link).await;
    audit(
        &state,
        &member,
        &link,
        "link.extended",
        Some(serde_json::json!({ "expires_at": bounded })),
    )
    .await?;
    let extended = find_link(&state, &member, &path).await?;
    if let Err(error) = crate::links::lifecycle::retime_after_extension(
        &state,
        member.scope(),
        &member.current.actor(),
        &extended,
    )
    .await
    {
        // The link itself is extended; the inquiry is re-timed at its next resume instead.
        log::warn!("re-timing the inquiry of an extended link failed: {error}");
    }
    let note = if bounded < new_expiry {
        " (capped at the policy's maximum lifetime)"
    } else {
        ""
    };
    Flash::success(&session, format!("The link is extended{note}."));
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
    let link = find_link(&state, &member, &path).await?;
    repo::links::unlock(&state.db.connection, member.scope(), link.id).await?;
    state.forget_link(&link).await;
    audit(&state, &member, &link, "link.unlocked", None).await?;
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
    let link = find_link(&state, &member, &path).await?;
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

async fn current_inquiry(
    state: &AppState,
    member: &TenantUser,
    link: &links::Model,
) -> Result<crate::entities::inquiries::Model, AppError> {
    let inquiry_id = link.current_inquiry_id.ok_or_else(|| {
        AppError::Conflict("A static link has no single inquiry; open one of its inquiries.".into())
    })?;
    repo::inquiries::find_by_id(&state.db.connection, member.scope(), inquiry_id)
        .await?
        .ok_or(AppError::NotFound)
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
        Err(error @ (AppError::Conflict(_) | AppError::TooManyRequests { .. })) => {
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
    let link = find_link(&state, &member, &path).await?;
    let result = async {
        let inquiry = current_inquiry(&state, &member, &link).await?;
        let policy = repo::policies::get(&state.db.connection, member.scope()).await?;
        let granted = session_tokens::session_token_for(
            &state,
            member.scope(),
            &inquiry,
            policy.min_token_remaining_seconds,
            &member.current.actor(),
        )
        .await?;
        state.forget_link(&link).await;
        audit(&state, &member, &link, "session_token.generated", None).await?;
        let flow_url =
            session_tokens::hosted_flow_url(&state, &granted.inquiry_id, Some(&granted.token));
        Ok(OneTimeSecrets {
            session_token: Some((granted.token, flow_url)),
            ..OneTimeSecrets::default()
        })
    }
    .await;
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
    let link = find_link(&state, &member, &path).await?;
    let result = async {
        let inquiry = current_inquiry(&state, &member, &link).await?;
        let minted =
            access_links::mint(&state, member.scope(), &inquiry, &member.current.actor()).await?;
        Ok(OneTimeSecrets {
            access_link: Some(minted.url),
            ..OneTimeSecrets::default()
        })
    }
    .await;
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
    let link = find_link(state, member, public_id).await?;
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
