//! `POST /api/v1/links/batch`: up to 100 links in one call, each item exactly a body of
//! `POST /api/v1/links`. A body that does not have the documented shape (an item's
//! included) is a 400 naming the item, and nothing is issued; otherwise every item is
//! attempted and answers for itself (201 when all were issued, else 207).

use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use utoipa::ToSchema;

use crate::{
    auth::{requires, Authorized},
    domain::Lifetime,
    error::{ApiError, AppError},
    idempotency::{request_hash, Answer},
    links::{
        batch::{self, BatchItem, ItemOutcome},
        issue::{IssueRequest, IssuedLink},
    },
    state::AppState,
};

use super::{
    idempotency, json_body,
    link_request::{link_from_value, ShapeProblem},
    links::created_body,
    types::ErrorBody,
};

/// The largest batch body: 100 items with room for their prefill (the rest of the API
/// reads at most [`super::openapi::MAX_BODY_BYTES`]).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// The most links one batch may ask for.
pub const MAX_ITEMS: usize = 100;

/// The body of `POST /api/v1/links/batch`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateLinksBatchBody {
    /// 1 to 100 links, each exactly a body of `POST /api/v1/links`.
    #[schema(value_type = Vec<super::link_request::CreateLinkBody>, min_items = 1, max_items = 100)]
    pub links: Vec<Value>,
}

/// The answer of a batch: one result per item, in the order of `links`.
#[derive(Serialize, ToSchema)]
pub struct LinkBatchBody {
    pub data: Vec<LinkBatchResult>,
}

/// What became of one item: its link, or why it has none.
#[derive(Serialize, ToSchema)]
pub struct LinkBatchResult {
    /// The item's position in `links`, from 0.
    #[schema(minimum = 0, maximum = 99)]
    pub index: usize,
    /// 201 when issued; otherwise what `POST /api/v1/links` would have answered for it
    /// (422 refused; 409, 429 or 503 for a reason that may clear), or 503 `not_attempted`.
    pub status: u16,
    /// The issued link, with its one-time secrets, as `POST /api/v1/links` returns it.
    #[schema(value_type = Option<super::types::LinkBody>)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<Value>,
    /// Why the item has no link.
    #[schema(value_type = Option<super::types::ErrorDetail>)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Value>,
}

#[utoipa::path(
    post, path = "/api/v1/links/batch", tag = "links",
    request_body = CreateLinksBatchBody,
    description = "Issues up to 100 links in one call, one after the other in the order given. Each item \
is exactly a body of `POST /api/v1/links` and gets exactly its answer. With an `Idempotency-Key`, each item \
also runs under a key of its own derived from it: sending the same batch with the same key again never issues \
an item twice. An item that fails for a reason that may clear (the provider unavailable or busy) stops the \
batch: the items after it answer 503 `not_attempted`, and the answer is not remembered, so sending the same \
request with the same key again returns the links already issued and attempts the rest.",
    responses(
        (status = 201, body = LinkBatchBody, description = "Every link was issued; each result holds its link"),
        (status = 207, body = LinkBatchBody, description = "At least one item has no link (also when none has): \
each result says its own status, a link for the issued ones, an error for the others"),
        (status = 400, body = ErrorBody, description = "The body or one of its items does not have the documented \
shape (not 1 to 100 links, an unknown field, a wrong type, a value out of its schema's bounds); the message names \
the item (`links[3]: …`) and nothing was issued")
    ),
    security(("api_key" = []))
)]
pub async fn create_links_batch(
    req: HttpRequest,
    state: web::Data<AppState>,
    client: Authorized<requires::LinksWrite>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let scope = client.scope();
    idempotency::run_once(&req, &state, scope, &body, |claim| async {
        let items = read_items(&req, &body)?;
        let render = |issued: &IssuedLink| Answer::json(201, &created_body(issued));
        let key = claim.map(|claim| claim.key().to_owned());
        let actor = client.actor();
        let outcomes =
            batch::issue_all(&state, scope, &actor, key.as_deref(), &items, &render).await;
        batch_answer(outcomes)
    })
    .await
}

/// Reads the body into its items; any item that does not have the documented shape is a
/// 400 naming it.
fn read_items(req: &HttpRequest, body: &[u8]) -> Result<Vec<BatchItem>, AppError> {
    let batch: CreateLinksBatchBody = json_body(req, body)?;
    if batch.links.is_empty() || batch.links.len() > MAX_ITEMS {
        return Err(AppError::BadRequest(format!(
            "links must hold 1 to {MAX_ITEMS} links; it holds {}.",
            batch.links.len()
        )));
    }
    let path = format!("{} {}", req.method(), req.path());
    batch
        .links
        .into_iter()
        .enumerate()
        .map(|(index, value)| {
            let fingerprint =
                request_hash(&format!("{path}#{index}"), value.to_string().as_bytes());
            let request = link_from_value(value)
                .map_err(|problem| match problem {
                    ShapeProblem::Json(error) => error.to_string(),
                    ShapeProblem::Kind => {
                        "must be a JSON object whose kind is “dedicated” or “static”.".into()
                    }
                })
                .and_then(|request| within_schema(&request).map(|()| request))
                .map_err(|problem| AppError::BadRequest(format!("links[{index}]: {problem}")))?;
            Ok(BatchItem {
                request,
                fingerprint,
            })
        })
        .collect()
}

/// The bounds the schema states, which a single link's body answers with a 422: in a
/// batch, an item outside its schema is the body's shape error, so that a body the schema
/// allows is never a 400 and one it does not allow never issues anything.
fn within_schema(request: &IssueRequest) -> Result<(), String> {
    let whole = |raw: &Option<String>| raw.as_deref().map(|raw| raw.parse::<i64>().unwrap_or(0));
    if let Some(seconds) = whole(&request.expires_in_seconds) {
        if !(1..=Lifetime::MAX_SECONDS).contains(&seconds) {
            return Err(format!(
                "expires_in_seconds must be between 1 and {}.",
                Lifetime::MAX_SECONDS
            ));
        }
    }
    if let Some(cap) = whole(&request.max_inquiries) {
        if !(1..=i64::from(i32::MAX)).contains(&cap) {
            return Err(format!("max_inquiries must be between 1 and {}.", i32::MAX));
        }
    }
    if let Some(at) = request.active_from.as_deref() {
        let rfc3339 = chrono::DateTime::parse_from_rfc3339(at).is_ok()
            && matches!(at.as_bytes().get(10), Some(b'T' | b't'));
        if !rfc3339 {
            return Err(
                "active_from must be an RFC 3339 date and time, like 2026-12-01T09:00:00Z.".into(),
            );
        }
    }
    Ok(())
}

/// 201 when every item was issued, else 207; not remembered while an item may still go
/// through on a retry.
fn batch_answer(outcomes: Vec<ItemOutcome>) -> Result<Answer, AppError> {
    let is_final = outcomes.iter().all(ItemOutcome::is_final);
    let data = outcomes
        .into_iter()
        .enumerate()
        .map(|(index, outcome)| result_of(index, outcome))
        .collect::<Result<Vec<_>, _>>()?;
    let status = if data.iter().all(|result| result.status == 201) {
        201
    } else {
        207
    };
    let answer = Answer::json(status, &LinkBatchBody { data })?;
    Ok(if is_final {
        answer
    } else {
        answer.provisional()
    })
}

fn result_of(index: usize, outcome: ItemOutcome) -> Result<LinkBatchResult, AppError> {
    let refused = |status: u16, error: Value| LinkBatchResult {
        index,
        status,
        link: None,
        error: Some(error),
    };
    Ok(match outcome {
        ItemOutcome::Answered(answer) => {
            let body: Value = serde_json::from_str(&answer.body).map_err(AppError::internal)?;
            if (200..300).contains(&answer.status) {
                LinkBatchResult {
                    index,
                    status: answer.status,
                    link: Some(body),
                    error: None,
                }
            } else {
                refused(answer.status, body["error"].clone())
            }
        }
        ItemOutcome::Refused(error) | ItemOutcome::Failed(error) => refused(
            error.status_code().as_u16(),
            json!({"type": error.kind(), "message": error.public_message()}),
        ),
        ItemOutcome::NotAttempted => refused(
            503,
            json!({
                "type": "not_attempted",
                "message": "Not attempted: an earlier item failed for a reason that may clear. \
                            Send the batch again (with the same Idempotency-Key) to issue the rest."
            }),
        ),
    })
}
