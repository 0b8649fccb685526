//! `POST /api/v1/links/{id}/send` and the `send_to` of `POST /api/v1/links`: links sent by
//! email through the outbox. Kept apart from `links.rs` so the two evolve separately.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    auth::{requires, Authorized},
    domain::Email,
    error::{ApiError, AppError},
    idempotency::{Answer, Commit},
    links::{
        actions,
        mail::{self, SentLink},
    },
    state::AppState,
};

use super::{idempotency, json_body};

/// Where to email the link.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendToBody {
    /// The person's address. Stored encrypted; messages never carry more personal data
    /// than the prefilled first name.
    pub email: String,
}

/// `POST /api/v1/links/{id}/send`'s optional body.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct SendLinkBody {
    /// The address; the link's prefilled `email-address` when omitted.
    pub email: Option<String>,
}

/// `POST /api/v1/inquiries/{id}/access-link`'s optional body.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct SendAccessLinkBody {
    /// Email the one-time access link to this address (queued with the access link).
    pub send_to: Option<SendToBody>,
}

/// The address an access-link request asks to email it to, if any (an empty body: none).
pub fn access_link_send_to(req: &HttpRequest, body: &[u8]) -> Result<Option<Email>, AppError> {
    let Some(parsed) = optional_body::<SendAccessLinkBody>(req, body)? else {
        return Ok(None);
    };
    parsed
        .send_to
        .map(|send_to| parse_email(&send_to.email, "send_to.email"))
        .transpose()
}

/// An optional body: none, blanks or JSON `null` (the description marks it nullable) are
/// no body; anything else must be the body's JSON.
fn optional_body<T: serde::de::DeserializeOwned>(
    req: &HttpRequest,
    body: &[u8],
) -> Result<Option<T>, AppError> {
    let text = std::str::from_utf8(body).map(str::trim).unwrap_or("-");
    if text.is_empty() || text == "null" {
        return Ok(None);
    }
    json_body(req, body).map(Some)
}

/// A queued message.
#[derive(Serialize, ToSchema)]
pub struct MessageQueuedBody {
    /// The message's id (`msg_…`); its delivery state is on the link's page.
    pub message_id: String,
    /// The address, masked (`a•••@example.com`).
    pub to: String,
    /// `queued`: delivered by the outbox worker (or kept in the outbox without SMTP).
    pub status: String,
}

/// The address of a `send_to` or `send` body, checked.
pub fn parse_email(raw: &str, field: &str) -> Result<Email, AppError> {
    Email::parse(raw).map_err(|message| AppError::Unprocessable(format!("{field}: {message}")))
}

#[utoipa::path(
    post, path = "/api/v1/links/{id}/send", tag = "links",
    description = "Emails the link to the person: to `email`, or to the link's prefilled \
`email-address`. The message is queued in the outbox with this request and delivered by the \
outbox worker, retried on temporary refusals; its delivery state shows on the link's page.",
    request_body(content = Option<SendLinkBody>, description = "Optional"),
    params(("id" = String, Path, description = "The link id (lnk_…)")),
    responses(
        (status = 202, body = MessageQueuedBody, description = "The message is queued"),
        (status = 400, body = super::types::ErrorBody, description = "The body is not JSON"),
        (status = 404, body = super::types::ErrorBody, description = "No such link"),
        (status = 409, body = super::types::ErrorBody, description = "The link is revoked, completed or expired"),
        (status = 422, body = super::types::ErrorBody, description = "No address given and none prefilled, or the address is not valid")
    ),
    security(("api_key" = []))
)]
pub async fn send_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    client: Authorized<requires::LinksWrite>,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let path = super::api_id(path.into_inner())?;
    let scope = client.scope();
    idempotency::run_once(&req, &state, scope, &body, |claim| async {
        let parsed = optional_body::<SendLinkBody>(&req, &body)?.unwrap_or_default();
        let to = parsed
            .email
            .as_deref()
            .map(|raw| parse_email(raw, "email"))
            .transpose()?;
        let link = actions::find(&state, scope, &path).await?;
        let render = |sent: &SentLink| {
            Answer::json(
                202,
                &MessageQueuedBody {
                    message_id: sent.message_id.clone(),
                    to: sent.to.clone(),
                    status: crate::domain::MessageState::Queued.to_string(),
                },
            )
        };
        let commit = Commit::new(scope, claim, &render);
        let sent =
            mail::send_link(&state, scope, &client.actor(), &link, to, Some(&commit)).await?;
        commit.answer(&sent)
    })
    .await
}
