//! `/webhooks`: an owner manages the tenant's webhook endpoints, reads their delivery logs
//! and replays deliveries. Secrets are shown once, by Post/Redirect/Get.

use actix_session::Session;
use actix_web::{http::StatusCode, web, HttpResponse};
use serde::Deserialize;

use crate::{
    auth::{ProtectedForm, TenantUser},
    error::AppError,
    idempotency::{secret_flash::Reader, Answer, Commit},
    state::AppState,
    tenant_webhooks::{
        deliveries,
        endpoints::{self, CreateError, CreatedEndpoint, EndpointErrors, EndpointRequest},
    },
    views::{
        self, page_response,
        tenant_webhooks::{LogView, NewSecret, WebhooksView},
        Flash, Nav,
    },
};

use super::{
    form_once::{self, ShownSecrets, Submission},
    see_other, EmptyForm,
};

/// What the list page shows besides the endpoints: the form as sent and its problems.
#[derive(Default)]
struct Shown {
    url_input: String,
    events: Vec<String>,
    errors: EndpointErrors,
    form_key: String,
}

async fn page(
    state: &AppState,
    owner: &TenantUser,
    flash: Option<Flash>,
    shown: Shown,
    secret: ShownSecrets<NewSecret>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let list = endpoints::list(state, owner.scope()).await?;
    let rotate_keys: Vec<String> = list
        .iter()
        .map(|_| form_once::new_form_key(state, owner))
        .collect();
    let content = views::tenant_webhooks::webhooks_page(WebhooksView {
        endpoints: &list,
        csrf_token: &owner.current.csrf_token,
        form_key: &shown.form_key,
        url_input: &shown.url_input,
        url_error: shown.errors.url.as_deref(),
        events_chosen: &shown.events,
        events_error: shown.errors.events.as_deref(),
        new_secret: secret.secrets.as_ref(),
        not_shown: secret.not_shown,
        rotate_keys: &rotate_keys,
    });
    let viewer = owner.current.viewer();
    Ok(page_response(
        viewer,
        "Webhooks",
        Nav::Webhooks,
        flash,
        status,
        content,
    ))
}

#[derive(Deserialize)]
pub struct WebhooksQuery {
    secret: Option<String>,
}

pub async fn list_endpoints(
    state: web::Data<AppState>,
    session: Session,
    owner: TenantUser,
    query: web::Query<WebhooksQuery>,
) -> Result<HttpResponse, AppError> {
    owner.require_owner()?;
    let secret = form_once::take_secret(&state, &owner, query.secret.as_deref()).await?;
    let shown = Shown {
        form_key: form_once::new_form_key(&state, &owner),
        ..Shown::default()
    };
    page(
        &state,
        &owner,
        Flash::take(&session),
        shown,
        secret,
        StatusCode::OK,
    )
    .await
}

fn field<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Registers an endpoint; its secret is shown once on the list page.
pub async fn create_endpoint(
    state: web::Data<AppState>,
    session: Session,
    owner: TenantUser,
    ProtectedForm(pairs): ProtectedForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    owner.require_owner()?;
    let form_key = form_once::form_key_of(&pairs);
    let url = field(&pairs, "url").unwrap_or_default().to_owned();
    let events: Vec<String> = pairs
        .iter()
        .filter(|(name, _)| name == "events")
        .map(|(_, value)| value.clone())
        .collect();
    let request = EndpointRequest {
        url: &url,
        events: &events,
    };
    if let Err(errors) = endpoints::check(&state, &request).await {
        let form_key = form_once::kept_form_key(&state, &owner, form_key);
        let shown = Shown {
            url_input: url,
            events,
            errors,
            form_key,
        };
        let none = ShownSecrets {
            secrets: None,
            not_shown: None,
        };
        return page(
            &state,
            &owner,
            None,
            shown,
            none,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let claim = match form_once::submit(&state, &session, &owner, "/webhooks", form_key).await? {
        Submission::Repeat(response) => return Ok(response),
        Submission::First(claim) => claim,
    };
    let reader = form_once::reader(&state, &owner);
    let render = |created: &CreatedEndpoint| show_secret_once(&state, &reader, created);
    let commit = Commit::new(owner.scope(), Some(claim.clone()), &render);
    let actor = owner.current.actor();
    let outcome = endpoints::create(&state, owner.scope(), &actor, &request, &commit)
        .await
        .map_err(|error| match error {
            CreateError::Invalid(errors) => AppError::Unprocessable(errors.summary()),
            CreateError::App(error) => error,
        })
        .and_then(|created| commit.answer(&created));
    form_once::settle(&state, &owner, &claim, outcome).await
}

/// The endpoint's new secret, sealed in the secret flash and shown once on `/webhooks`
/// (Post/Redirect/Get), after a registration or a rotation.
fn show_secret_once(
    state: &AppState,
    reader: &Reader,
    endpoint: &CreatedEndpoint,
) -> Result<Answer, AppError> {
    let new = NewSecret {
        url: endpoint.endpoint.url.clone(),
        secret: endpoint.secret.clone(),
    };
    form_once::secret_redirect(state, reader, "/webhooks", &new)
}

/// A new secret for the endpoint, shown once; the previous one keeps signing for a day.
pub async fn rotate_secret(
    state: web::Data<AppState>,
    session: Session,
    owner: TenantUser,
    path: web::Path<String>,
    ProtectedForm(pairs): ProtectedForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    owner.require_owner()?;
    let action = format!("/webhooks/{path}/rotate");
    let form_key = form_once::form_key_of(&pairs);
    let claim = match form_once::submit(&state, &session, &owner, &action, form_key).await? {
        Submission::Repeat(response) => return Ok(response),
        Submission::First(claim) => claim,
    };
    let reader = form_once::reader(&state, &owner);
    let render = |rotated: &CreatedEndpoint| show_secret_once(&state, &reader, rotated);
    let commit = Commit::new(owner.scope(), Some(claim.clone()), &render);
    let actor = owner.current.actor();
    let outcome = endpoints::rotate(&state, owner.scope(), &actor, &path, &commit)
        .await
        .and_then(|rotated| commit.answer(&rotated));
    form_once::settle(&state, &owner, &claim, outcome).await
}

pub async fn enable_endpoint(
    state: web::Data<AppState>,
    session: Session,
    owner: TenantUser,
    path: web::Path<String>,
    _form: ProtectedForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    owner.require_owner()?;
    endpoints::set_enabled(&state, owner.scope(), &owner.current.actor(), &path, true).await?;
    Flash::success(
        &session,
        "The endpoint is enabled; replay what it missed from its log.",
    );
    Ok(see_other("/webhooks"))
}

pub async fn disable_endpoint(
    state: web::Data<AppState>,
    session: Session,
    owner: TenantUser,
    path: web::Path<String>,
    _form: ProtectedForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    owner.require_owner()?;
    endpoints::set_enabled(&state, owner.scope(), &owner.current.actor(), &path, false).await?;
    Flash::success(
        &session,
        "The endpoint is disabled; no events are sent to it.",
    );
    Ok(see_other("/webhooks"))
}

pub async fn delete_endpoint(
    state: web::Data<AppState>,
    session: Session,
    owner: TenantUser,
    path: web::Path<String>,
    _form: ProtectedForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    owner.require_owner()?;
    let endpoint = endpoints::delete(&state, owner.scope(), &owner.current.actor(), &path).await?;
    Flash::success(
        &session,
        format!("The endpoint {} is deleted.", endpoint.url),
    );
    Ok(see_other("/webhooks"))
}

/// The endpoint's delivery log.
pub async fn show_log(
    state: web::Data<AppState>,
    session: Session,
    owner: TenantUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    owner.require_owner()?;
    let log = deliveries::log(&state, owner.scope(), &path).await?;
    let content = views::tenant_webhooks::log_page(LogView {
        endpoint: &log.endpoint,
        deliveries: &log.deliveries,
        attempts: &log.attempts,
        csrf_token: &owner.current.csrf_token,
    });
    let viewer = owner.current.viewer();
    let flash = Flash::take(&session);
    Ok(page_response(
        viewer,
        "Delivery log",
        Nav::Webhooks,
        flash,
        StatusCode::OK,
        content,
    ))
}

pub async fn replay_delivery(
    state: web::Data<AppState>,
    session: Session,
    owner: TenantUser,
    path: web::Path<String>,
    _form: ProtectedForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    owner.require_owner()?;
    let endpoint = deliveries::replay(&state, owner.scope(), &owner.current.actor(), &path).await?;
    Flash::success(&session, "The delivery is queued again.");
    Ok(see_other(&format!("/webhooks/{}", endpoint.public_id)))
}

#[derive(Deserialize)]
pub struct ReplayFailedForm {
    #[serde(default)]
    since: String,
}

/// "Replay all failed since …" (a UTC date and time from the form).
pub async fn replay_failed(
    state: web::Data<AppState>,
    session: Session,
    owner: TenantUser,
    path: web::Path<String>,
    ProtectedForm(form): ProtectedForm<ReplayFailedForm>,
) -> Result<HttpResponse, AppError> {
    owner.require_owner()?;
    let back = format!("/webhooks/{path}");
    let Some(since) = parse_since(&form.since) else {
        Flash::error(
            &session,
            "Enter the date and time to replay from, like 2026-12-01 08:00.",
        );
        return Ok(see_other(&back));
    };
    let actor = owner.current.actor();
    let count =
        deliveries::replay_failed_since(&state, owner.scope(), &actor, &path, since).await?;
    Flash::success(
        &session,
        format!("{count} failed deliveries are queued again."),
    );
    Ok(see_other(&back))
}

/// A `datetime-local` value (UTC), with or without seconds, or an RFC 3339 time.
fn parse_since(input: &str) -> Option<i64> {
    let input = input.trim();
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|format| chrono::NaiveDateTime::parse_from_str(input, format).ok())
        .map(|at| at.and_utc().timestamp())
        .or_else(|| {
            chrono::DateTime::parse_from_rfc3339(input)
                .ok()
                .map(|at| at.timestamp())
        })
}
