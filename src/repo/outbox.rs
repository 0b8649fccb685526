//! The outbox: messages written with the action that causes them, claimed by a worker
//! under a lease, then marked sent, retried or failed.
//!
//! Writing (`insert`) and the per-tenant reads take a [`TenantScope`]. The worker's claim
//! and marks work by id across tenants (a job), as do the operator's reads (operators see
//! every tenant's outbox): those say so below.

use sea_orm::{
    sea_query::{Expr, ExprTrait, OnConflict, Query},
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::{
    db::now,
    domain::{LinkKind, LinkState, MessageKind, MessageState, PublicId},
    entities::{links, outbox_messages},
};

use super::TenantScope;

pub struct NewMessage<'a> {
    pub link_id: Option<i32>,
    pub kind: MessageKind,
    pub dedupe_key: Option<&'a str>,
    pub recipient_masked: &'a str,
    pub subject: &'a str,
    pub payload_encrypted: &'a str,
    pub public_id: &'a str,
}

/// A new public id for a message (its payload is encrypted under it, so it comes first).
pub fn new_public_id() -> String {
    PublicId::generate("msg").into_string()
}

/// Queues a message; with a `dedupe_key` that is already queued, nothing is written and
/// `false` comes back (a reminder per link and offset, once).
pub async fn insert(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    message: NewMessage<'_>,
) -> Result<bool, DbErr> {
    let at = now();
    let row = outbox_messages::ActiveModel {
        public_id: Set(message.public_id.to_owned()),
        tenant_id: Set(scope.tenant_id()),
        link_id: Set(message.link_id),
        kind: Set(message.kind),
        dedupe_key: Set(message.dedupe_key.map(str::to_owned)),
        recipient_masked: Set(message.recipient_masked.to_owned()),
        subject: Set(message.subject.to_owned()),
        payload_encrypted: Set(message.payload_encrypted.to_owned()),
        state: Set(MessageState::Queued),
        attempts: Set(0),
        next_attempt_at: Set(at),
        lease_until: Set(None),
        last_error: Set(None),
        created_at: Set(at),
        sent_at: Set(None),
        ..Default::default()
    };
    let inserted = outbox_messages::Entity::insert(row)
        .on_conflict(
            OnConflict::column(outbox_messages::Column::DedupeKey)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(inserted == 1)
}

/// Ids of queued messages due now whose lease is free, oldest first. Across tenants: the
/// worker's view. Only a candidate list: [`claim`] decides who sends.
pub async fn due(db: &impl ConnectionTrait, at: i64, limit: u64) -> Result<Vec<i32>, DbErr> {
    outbox_messages::Entity::find()
        .select_only()
        .column(outbox_messages::Column::Id)
        .filter(outbox_messages::Column::State.eq(MessageState::Queued))
        .filter(outbox_messages::Column::NextAttemptAt.lte(at))
        .filter(
            outbox_messages::Column::LeaseUntil
                .is_null()
                .or(outbox_messages::Column::LeaseUntil.lt(at)),
        )
        .order_by_asc(outbox_messages::Column::NextAttemptAt)
        .order_by_asc(outbox_messages::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await
}

/// Takes the message's lease until `lease_until` (compare-and-swap: only when it is still
/// queued and nobody holds a live lease); true when this caller got it. By id, across
/// tenants: the worker's.
pub async fn claim(
    db: &impl ConnectionTrait,
    id: i32,
    at: i64,
    lease_until: i64,
) -> Result<bool, DbErr> {
    let result = outbox_messages::Entity::update_many()
        .col_expr(
            outbox_messages::Column::LeaseUntil,
            Expr::value(lease_until),
        )
        .col_expr(
            outbox_messages::Column::Attempts,
            Expr::col(outbox_messages::Column::Attempts).add(1),
        )
        .filter(outbox_messages::Column::Id.eq(id))
        .filter(outbox_messages::Column::State.eq(MessageState::Queued))
        .filter(
            outbox_messages::Column::LeaseUntil
                .is_null()
                .or(outbox_messages::Column::LeaseUntil.lt(at)),
        )
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The message by id, across tenants (the worker's, after it claimed it).
pub async fn find_by_id(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<outbox_messages::Model>, DbErr> {
    outbox_messages::Entity::find_by_id(id).one(db).await
}

/// The server accepted the message. By id (the worker's).
pub async fn mark_sent(db: &impl ConnectionTrait, id: i32) -> Result<(), DbErr> {
    let at = now();
    outbox_messages::Entity::update_many()
        .col_expr(
            outbox_messages::Column::State,
            Expr::value(MessageState::Sent),
        )
        .col_expr(outbox_messages::Column::SentAt, Expr::value(at))
        .col_expr(
            outbox_messages::Column::LeaseUntil,
            Expr::value(Option::<i64>::None),
        )
        .col_expr(
            outbox_messages::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        .filter(outbox_messages::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// A temporary refusal: try again at `next_attempt_at`. By id (the worker's).
pub async fn mark_retry(
    db: &impl ConnectionTrait,
    id: i32,
    next_attempt_at: i64,
    reason: &str,
) -> Result<(), DbErr> {
    outbox_messages::Entity::update_many()
        .col_expr(
            outbox_messages::Column::NextAttemptAt,
            Expr::value(next_attempt_at),
        )
        .col_expr(
            outbox_messages::Column::LeaseUntil,
            Expr::value(Option::<i64>::None),
        )
        .col_expr(outbox_messages::Column::LastError, Expr::value(reason))
        .filter(outbox_messages::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// A permanent refusal, with the server's reason. By id (the worker's).
pub async fn mark_failed(db: &impl ConnectionTrait, id: i32, reason: &str) -> Result<(), DbErr> {
    outbox_messages::Entity::update_many()
        .col_expr(
            outbox_messages::Column::State,
            Expr::value(MessageState::Failed),
        )
        .col_expr(
            outbox_messages::Column::LeaseUntil,
            Expr::value(Option::<i64>::None),
        )
        .col_expr(outbox_messages::Column::LastError, Expr::value(reason))
        .filter(outbox_messages::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Every tenant's latest messages, newest first. Across tenants: the operator's outbox.
pub async fn latest(
    db: &impl ConnectionTrait,
    limit: u64,
) -> Result<Vec<outbox_messages::Model>, DbErr> {
    outbox_messages::Entity::find()
        .order_by_desc(outbox_messages::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// A message by its public id, across tenants: the operator's outbox.
pub async fn find_by_public_id(
    db: &impl ConnectionTrait,
    public_id: &str,
) -> Result<Option<outbox_messages::Model>, DbErr> {
    outbox_messages::Entity::find()
        .filter(outbox_messages::Column::PublicId.eq(public_id))
        .one(db)
        .await
}

/// The tenant's latest messages, newest first (the sandbox's mailbox for a tenant user).
pub async fn latest_of_tenant(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    limit: u64,
) -> Result<Vec<outbox_messages::Model>, DbErr> {
    scope
        .outbox_messages()
        .order_by_desc(outbox_messages::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// One of the tenant's messages by its public id.
pub async fn find_of_tenant(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    public_id: &str,
) -> Result<Option<outbox_messages::Model>, DbErr> {
    scope
        .outbox_messages()
        .filter(outbox_messages::Column::PublicId.eq(public_id))
        .one(db)
        .await
}

/// The messages sent about one of the tenant's links, newest first (the link's page).
pub async fn for_link(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    link_id: i32,
) -> Result<Vec<outbox_messages::Model>, DbErr> {
    scope
        .outbox_messages()
        .filter(outbox_messages::Column::LinkId.eq(link_id))
        .order_by_desc(outbox_messages::Column::Id)
        .all(db)
        .await
}

/// When messages of `kind` about the tenant's link were queued since `since`, oldest
/// first (the recovery limit).
pub async fn queued_for_link_since(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    link_id: i32,
    kind: MessageKind,
    since: i64,
) -> Result<Vec<i64>, DbErr> {
    scope
        .outbox_messages()
        .select_only()
        .column(outbox_messages::Column::CreatedAt)
        .filter(outbox_messages::Column::LinkId.eq(link_id))
        .filter(outbox_messages::Column::Kind.eq(kind))
        .filter(outbox_messages::Column::CreatedAt.gte(since))
        .order_by_asc(outbox_messages::Column::CreatedAt)
        .into_tuple()
        .all(db)
        .await
}

/// Messages in `state`, across tenants (the metrics' gauges).
pub async fn count_in_state(db: &impl ConnectionTrait, state: MessageState) -> Result<u64, DbErr> {
    outbox_messages::Entity::find()
        .filter(outbox_messages::Column::State.eq(state))
        .count(db)
        .await
}

/// Active dedicated links that were emailed and expire in `(at, until]`: the reminder
/// job's candidates, across tenants (a job).
pub async fn emailed_links_expiring(
    db: &impl ConnectionTrait,
    at: i64,
    until: i64,
) -> Result<Vec<links::Model>, DbErr> {
    let emailed = Query::select()
        .column(outbox_messages::Column::LinkId)
        .from(outbox_messages::Entity)
        .and_where(outbox_messages::Column::Kind.eq(MessageKind::Link))
        .and_where(outbox_messages::Column::LinkId.is_not_null())
        .to_owned();
    links::Entity::find()
        .filter(links::Column::State.eq(LinkState::Active))
        .filter(links::Column::Kind.eq(LinkKind::Dedicated))
        .filter(links::Column::ExpiresAt.gt(at))
        .filter(links::Column::ExpiresAt.lte(until))
        .filter(links::Column::Id.in_subquery(emailed))
        .order_by_asc(links::Column::Id)
        .all(db)
        .await
}
