use sea_orm::entity::prelude::*;

use crate::domain::{MessageKind, MessageState};

/// A message to deliver, written in the same transaction as the action that causes it.
/// The recipient, text and HTML are under the data key (`payload_encrypted`): they carry a
/// link, which is a credential.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox_messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub public_id: String,
    pub tenant_id: i32,
    pub link_id: Option<i32>,
    pub kind: MessageKind,
    /// Set for messages that must be enqueued at most once (a reminder per link and offset).
    #[sea_orm(unique)]
    pub dedupe_key: Option<String>,
    /// `a•••@example.com`: what lists show.
    pub recipient_masked: String,
    pub subject: String,
    pub payload_encrypted: String,
    pub state: MessageState,
    pub attempts: i32,
    pub next_attempt_at: i64,
    /// While set and in the future, one worker holds the message.
    pub lease_until: Option<i64>,
    /// The server's last refusal (or the connection error).
    pub last_error: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
