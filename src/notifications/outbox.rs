//! Writing messages to the outbox, and reading them back for the viewers.

use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};

use crate::{
    domain::{Email, MessageKind},
    entities::outbox_messages,
    error::AppError,
    repo::{self, outbox::NewMessage, TenantScope},
    state::AppState,
};

use super::{compose::Content, mask_email};

/// A message to queue.
pub struct Outgoing {
    pub link_id: Option<i32>,
    pub kind: MessageKind,
    /// A message that must be queued at most once (a reminder per link and offset).
    pub dedupe_key: Option<String>,
    pub to: Email,
    pub content: Content,
}

/// What is stored under the data key: the recipient and both parts (they carry a link).
#[derive(Serialize, Deserialize)]
struct Payload {
    to: String,
    text: String,
    html: String,
}

fn payload_context(public_id: &str) -> String {
    format!("outbox:{public_id}")
}

/// Queues `outgoing` in `db` (the transaction of the action that causes it); returns the
/// message's public id, or `None` when a message with its `dedupe_key` was queued before.
pub async fn enqueue(
    state: &AppState,
    db: &impl ConnectionTrait,
    scope: TenantScope,
    outgoing: Outgoing,
) -> Result<Option<String>, AppError> {
    let public_id = repo::outbox::new_public_id();
    let payload = serde_json::to_string(&Payload {
        to: outgoing.to.as_str().to_owned(),
        text: outgoing.content.text,
        html: outgoing.content.html,
    })
    .map_err(AppError::internal)?;
    let payload_encrypted = state
        .cipher
        .encrypt(&payload, &payload_context(&public_id))
        .map_err(AppError::internal)?;
    let queued = repo::outbox::insert(
        db,
        scope,
        NewMessage {
            link_id: outgoing.link_id,
            kind: outgoing.kind,
            dedupe_key: outgoing.dedupe_key.as_deref(),
            recipient_masked: &mask_email(outgoing.to.as_str()),
            subject: &outgoing.content.subject,
            payload_encrypted: &payload_encrypted,
            public_id: &public_id,
        },
    )
    .await?;
    Ok(queued.then_some(public_id))
}

/// A stored message with its recipient and parts decrypted.
pub struct OpenedMessage {
    pub row: outbox_messages::Model,
    pub to: String,
    pub text: String,
    pub html: String,
}

/// Decrypts a stored message.
pub fn open(state: &AppState, row: outbox_messages::Model) -> Result<OpenedMessage, AppError> {
    let json = state
        .cipher
        .decrypt(&row.payload_encrypted, &payload_context(&row.public_id))
        .map_err(AppError::internal)?;
    let payload: Payload = serde_json::from_str(&json).map_err(AppError::internal)?;
    Ok(OpenedMessage {
        row,
        to: payload.to,
        text: payload.text,
        html: payload.html,
    })
}

/// How many messages a viewer lists.
const LISTED: u64 = 200;

/// The latest messages: every tenant's for an operator (`None`), else the tenant's.
pub async fn latest(
    state: &AppState,
    scope: Option<TenantScope>,
) -> Result<Vec<outbox_messages::Model>, AppError> {
    let db = &state.db.connection;
    Ok(match scope {
        None => repo::outbox::latest(db, LISTED).await?,
        Some(scope) => repo::outbox::latest_of_tenant(db, scope, LISTED).await?,
    })
}

/// One message, opened, by its public id: any tenant's for an operator (`None`), else
/// only the tenant's.
pub async fn find(
    state: &AppState,
    scope: Option<TenantScope>,
    public_id: &str,
) -> Result<OpenedMessage, AppError> {
    let db = &state.db.connection;
    let row = match scope {
        None => repo::outbox::find_by_public_id(db, public_id).await?,
        Some(scope) => repo::outbox::find_of_tenant(db, scope, public_id).await?,
    };
    open(state, row.ok_or(AppError::NotFound)?)
}

/// The messages about one of the tenant's links (its page's delivery state).
pub async fn for_link(
    state: &AppState,
    scope: TenantScope,
    link_id: i32,
) -> Result<Vec<outbox_messages::Model>, AppError> {
    Ok(repo::outbox::for_link(&state.db.connection, scope, link_id).await?)
}

/// The http(s) links in a text part, in order, each once: what the viewers make clickable.
pub fn links_in(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        let word = word.trim_matches(|c: char| matches!(c, '<' | '>' | '(' | ')' | '"' | '\''));
        let word = word.trim_end_matches(['.', ',', ';']);
        if (word.starts_with("https://") || word.starts_with("http://"))
            && !found.iter().any(|seen| seen == word)
        {
            found.push(word.to_owned());
        }
    }
    found
}
