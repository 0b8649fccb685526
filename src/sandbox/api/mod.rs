//! The Persona-compatible JSON API under `/sandbox/api/v1`.
//!
//! Every POST runs through [`execute`]: one write transaction that looks up the
//! `Idempotency-Key`, performs the operation, stores its response under the key and
//! commits, so a key produces one effect even under concurrent retries.

pub mod control;
pub mod inquiries;
pub mod templates;

use actix_web::{http::StatusCode, HttpRequest, HttpResponse};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::db::now;

use super::{
    error::SandboxError,
    idempotency::{self, Outcome},
    lifecycle::{self, Created},
    sessions, shapes, store, Effects, Sandbox, SandboxState,
};

/// A state-changing API call, validated and ready to run inside the transaction.
pub enum Operation {
    Create(Box<lifecycle::NewInquiry>),
    Resume(String),
    Expire(String),
    GenerateOneTimeLink {
        inquiry_id: String,
        expires_in_seconds: Option<i64>,
    },
}

pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, SandboxError> {
    serde_json::from_slice(body).map_err(|error| {
        SandboxError::bad_request(format!(
            "The request body is not valid for this endpoint: {error}"
        ))
    })
}

/// `{"data": <inquiry>, "meta": {...}}` with the inquiry's sessions as relationships.
async fn inquiry_document(
    conn: &impl sea_orm::ConnectionTrait,
    inquiry: &super::entities::inquiries::Model,
    meta: Map<String, Value>,
) -> Result<Value, SandboxError> {
    let sessions = store::sessions_of(conn, inquiry.id).await?;
    let mut document = Map::new();
    document.insert("data".into(), shapes::inquiry(inquiry, &sessions));
    if !meta.is_empty() {
        document.insert("meta".into(), Value::Object(meta));
    }
    Ok(Value::Object(document))
}

impl Operation {
    async fn run(
        self,
        conn: &impl sea_orm::ConnectionTrait,
        effects: &mut Effects,
        sandbox: &Sandbox,
        now: i64,
    ) -> Result<(StatusCode, Value), SandboxError> {
        let mut meta = Map::new();
        match self {
            Operation::Create(request) => {
                let Created {
                    inquiry,
                    session_token,
                    one_time_link_code,
                } = lifecycle::create_inquiry(conn, effects, *request, now).await?;
                if let Some(token) = session_token {
                    meta.insert("session-token".into(), Value::String(token));
                }
                if let Some(code) = one_time_link_code {
                    meta.insert("one-time-link".into(), sandbox.one_time_link(&code).into());
                }
                Ok((
                    StatusCode::CREATED,
                    inquiry_document(conn, &inquiry, meta).await?,
                ))
            }
            Operation::Resume(inquiry_id) => {
                let inquiry = lifecycle::load_for_update(conn, effects, &inquiry_id, now).await?;
                let (inquiry, token) = sessions::resume(conn, effects, inquiry, now).await?;
                meta.insert("session-token".into(), Value::String(token));
                Ok((
                    StatusCode::OK,
                    inquiry_document(conn, &inquiry, meta).await?,
                ))
            }
            Operation::Expire(inquiry_id) => {
                let inquiry = lifecycle::load_for_update(conn, effects, &inquiry_id, now).await?;
                let inquiry = lifecycle::expire(conn, effects, inquiry, now).await?;
                Ok((
                    StatusCode::OK,
                    inquiry_document(conn, &inquiry, meta).await?,
                ))
            }
            Operation::GenerateOneTimeLink {
                inquiry_id,
                expires_in_seconds,
            } => {
                let inquiry = lifecycle::load_for_update(conn, effects, &inquiry_id, now).await?;
                let code = sessions::generate_one_time_link(
                    conn,
                    effects,
                    &inquiry,
                    expires_in_seconds,
                    now,
                )
                .await?;
                meta.insert("one-time-link".into(), sandbox.one_time_link(&code).into());
                Ok((
                    StatusCode::OK,
                    inquiry_document(conn, &inquiry, meta).await?,
                ))
            }
        }
    }
}

/// Runs a POST once per `Idempotency-Key` and path; later requests get the same answer.
pub async fn execute(
    state: &SandboxState,
    req: &HttpRequest,
    body: &[u8],
    operation: Operation,
) -> Result<HttpResponse, SandboxError> {
    let sandbox = &*state.sandbox;
    let key = idempotency::key_of(req)?;
    let path = req.path().to_owned();
    let request_hash = idempotency::request_hash(body);
    let write = state.db.begin_write().await?;
    if let Some(key) = &key {
        if let Some(record) = idempotency::find(&*write, key, &path).await? {
            return idempotency::replay(&sandbox.replay_sealer, &record, &request_hash);
        }
    }
    let now = now();
    let mut effects = Effects::default();
    let (status, document) = operation.run(&*write, &mut effects, sandbox, now).await?;
    let body_text = document.to_string();
    let mut stored = Ok(());
    if let Some(key) = &key {
        let outcome = Outcome {
            key,
            path: &path,
            request_hash: &request_hash,
            status,
            body: &body_text,
        };
        stored = idempotency::remember(&*write, &sandbox.replay_sealer, outcome, now).await;
    }
    let committed = match stored {
        Ok(()) => write.commit().await.map_err(SandboxError::from),
        Err(error) => Err(error),
    };
    if let Err(error) = committed {
        // On PostgreSQL a concurrent request with the same key can win the unique index;
        // this transaction was rolled back, so answer with the winner's stored response.
        if let Some(key) = &key {
            if let Some(record) = idempotency::find(&state.db.connection, key, &path).await? {
                return idempotency::replay(&sandbox.replay_sealer, &record, &request_hash);
            }
        }
        return Err(error);
    }
    sandbox.after_commit(effects);
    Ok(HttpResponse::build(status)
        .content_type("application/json")
        .body(body_text))
}

/// Unknown paths under the API answer in Persona's shape, not with an HTML page.
pub async fn not_found() -> Result<HttpResponse, SandboxError> {
    Err(SandboxError::not_found(
        "No such endpoint in the sandbox API.",
    ))
}
