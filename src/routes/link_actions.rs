//! What issuers do to an existing link in the admin UI: revoke, extend, unlock, pause,
//! session tokens and access links; and its QR code. The work is in `links::actions`.

use actix_session::Session;
use actix_web::{http::header, web, HttpResponse};
use serde::Deserialize;

use crate::{
    auth::{ProtectedForm, TenantUser},
    domain::Lifetime,
    entities::links,
    error::AppError,
    idempotency::Commit,
    links::{
        access_code,
        access_links::MintedAccessLink,
        actions::{self, Extension},
        rescue::InquiryRescue,
    },
    state::AppState,
    views::{link_detail::OneTimeSecrets, Flash},
};

use super::{
    form_once::{self, KeyedForm, Submission},
    see_other, EmptyForm,
};

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
        Extension::By(extension),
    )
    .await
    {
        Ok(extended) => {
            let note = if extended.capped {
                " (capped at the policy's maximum lifetime)"
            } else {
                ""
            };
            let inquiry = match extended.inquiry {
                InquiryRescue::Unchanged => "",
                InquiryRescue::Retimed => " Its inquiry was re-timed to last as long.",
                InquiryRescue::Resumed => " Its inquiry was resumed: the person continues where they left off.",
                InquiryRescue::Reissued => " It now opens a new inquiry on the latest template version.",
                InquiryRescue::Deferred => " Its inquiry could not be brought back just now; that happens when the person opens the link.",
            };
            Flash::success(&session, format!("The link is extended{note}.{inquiry}"));
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

/// A refusal of the provider or of a limit goes back to the link's page as a notice.
fn refused(session: &Session, location: &str, error: AppError) -> Result<HttpResponse, AppError> {
    match error {
        AppError::Conflict(_)
        | AppError::TooManyRequests { .. }
        | AppError::ProviderBusy { .. } => {
            Flash::error(session, error.public_message());
            Ok(see_other(location))
        }
        error => Err(error),
    }
}

/// Runs the link page's form `suffix` that creates secrets (`make`), once per one-time form
/// key, and shows them once on the link's page (Post/Redirect/Get); a refusal is a flash.
async fn secret_action(
    state: &AppState,
    session: &Session,
    member: &TenantUser,
    public_id: &str,
    form: KeyedForm,
    suffix: &str,
    make: impl AsyncFnOnce(&links::Model) -> Result<OneTimeSecrets, AppError>,
) -> Result<HttpResponse, AppError> {
    member.require_issuer()?;
    let link = actions::find(state, member.scope(), public_id).await?;
    let location = format!("/links/{}", link.public_id);
    let action = format!("{location}/{suffix}");
    let form_key = form.form_key.as_deref();
    let claim = match form_once::submit(state, session, member, &action, form_key).await? {
        Submission::Repeat(response) => return Ok(response),
        Submission::First(claim) => claim,
    };
    match make(&link).await {
        Ok(secrets) => {
            let reader = form_once::reader(state, member);
            let answer = form_once::secret_redirect(state, &reader, &location, &secrets)?;
            form_once::done(state, member, &claim, answer).await
        }
        Err(error) => {
            form_once::failed(state, &claim).await;
            refused(session, &location, error)
        }
    }
}

/// A session token for the link's inquiry, shown once on the link's page; the form's
/// one-time key makes a double click one request.
pub async fn generate_session_token(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
    path: web::Path<String>,
    ProtectedForm(form): ProtectedForm<KeyedForm>,
) -> Result<HttpResponse, AppError> {
    let (scope, actor) = (member.scope(), member.current.actor());
    let make = async |link: &links::Model| {
        let (token, flow_url) = actions::session_token(&state, scope, &actor, link).await?;
        Ok(OneTimeSecrets {
            session_token: Some((token, flow_url)),
            ..OneTimeSecrets::default()
        })
    };
    secret_action(
        &state,
        &session,
        &member,
        &path,
        form,
        "session-token",
        make,
    )
    .await
}

/// A new access code for a link issued without one (or whose code was lost), shown once on
/// the link's page; the form's one-time key makes a double click one code.
pub async fn issue_access_code(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
    path: web::Path<String>,
    ProtectedForm(form): ProtectedForm<KeyedForm>,
) -> Result<HttpResponse, AppError> {
    let (scope, actor) = (member.scope(), member.current.actor());
    let make = async |link: &links::Model| {
        let code = access_code::issue_new(&state, scope, &actor, link).await?;
        Ok(OneTimeSecrets {
            access_code: Some(code),
            ..OneTimeSecrets::default()
        })
    };
    secret_action(&state, &session, &member, &path, form, "access-code", make).await
}

/// A one-time access link, shown once on the link's page; it and the form's answer commit
/// together, so a repeat of the form shows the same access link, never mints a second.
pub async fn mint_access_link(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
    path: web::Path<String>,
    ProtectedForm(form): ProtectedForm<KeyedForm>,
) -> Result<HttpResponse, AppError> {
    member.require_issuer()?;
    let link = actions::find(&state, member.scope(), &path).await?;
    let location = format!("/links/{}", link.public_id);
    let action = format!("{location}/access-link");
    let form_key = form.form_key.as_deref();
    let claim = match form_once::submit(&state, &session, &member, &action, form_key).await? {
        Submission::Repeat(response) => return Ok(response),
        Submission::First(claim) => claim,
    };
    let reader = form_once::reader(&state, &member);
    let render = |minted: &MintedAccessLink| {
        let secrets = OneTimeSecrets {
            access_link: Some(minted.url.clone()),
            ..OneTimeSecrets::default()
        };
        form_once::secret_redirect(&state, &reader, &location, &secrets)
    };
    let commit = Commit::new(member.scope(), Some(claim.clone()), &render);
    let actor = member.current.actor();
    match actions::access_link(&state, member.scope(), &actor, &link, Some(&commit)).await {
        Ok(minted) => form_once::done(&state, &member, &claim, commit.answer(&minted)?).await,
        Err(error) => {
            form_once::failed(&state, &claim).await;
            refused(&session, &location, error)
        }
    }
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
