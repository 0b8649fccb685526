//! Queries on the sandbox's inquiry tables. Callers pass a connection or a transaction;
//! writes that belong together run inside one `Database::begin_write`.

use std::collections::HashMap;

use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::domain::{random_token, PublicId};

use super::{
    entities::{accounts, inquiries, one_time_links, sessions},
    model::InquiryStatus,
};

/// Secrets (session tokens, one-time codes) are stored as their SHA-256 only.
pub fn hash_secret(secret: &str) -> String {
    crate::crypto::sha256_hex(secret)
}

pub async fn find_inquiry(
    conn: &impl ConnectionTrait,
    public_id: &str,
) -> Result<Option<inquiries::Model>, DbErr> {
    inquiries::Entity::find()
        .filter(inquiries::Column::PublicId.eq(public_id))
        .one(conn)
        .await
}

pub async fn find_inquiry_by_id(
    conn: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<inquiries::Model>, DbErr> {
    inquiries::Entity::find_by_id(id).one(conn).await
}

pub async fn sessions_of(
    conn: &impl ConnectionTrait,
    inquiry_id: i32,
) -> Result<Vec<sessions::Model>, DbErr> {
    sessions::Entity::find()
        .filter(sessions::Column::InquiryId.eq(inquiry_id))
        .order_by_asc(sessions::Column::Id)
        .all(conn)
        .await
}

/// The sessions of many inquiries in one query, for lists.
pub async fn sessions_of_many(
    conn: &impl ConnectionTrait,
    inquiry_ids: &[i32],
) -> Result<HashMap<i32, Vec<sessions::Model>>, DbErr> {
    let mut by_inquiry: HashMap<i32, Vec<sessions::Model>> = HashMap::new();
    if inquiry_ids.is_empty() {
        return Ok(by_inquiry);
    }
    let rows = sessions::Entity::find()
        .filter(sessions::Column::InquiryId.is_in(inquiry_ids.iter().copied()))
        .order_by_asc(sessions::Column::Id)
        .all(conn)
        .await?;
    for row in rows {
        by_inquiry.entry(row.inquiry_id).or_default().push(row);
    }
    Ok(by_inquiry)
}

pub async fn count_sessions(conn: &impl ConnectionTrait, inquiry_id: i32) -> Result<u64, DbErr> {
    sessions::Entity::find()
        .filter(sessions::Column::InquiryId.eq(inquiry_id))
        .count(conn)
        .await
}

/// Inserts a session and returns it with its token, which is never stored.
pub async fn insert_session(
    conn: &impl ConnectionTrait,
    inquiry_id: i32,
    expires_at: i64,
    now: i64,
) -> Result<(sessions::Model, String), DbErr> {
    let token = random_token(32);
    let session = sessions::ActiveModel {
        public_id: Set(PublicId::generate("iqse").into_string()),
        inquiry_id: Set(inquiry_id),
        token_hash: Set(hash_secret(&token)),
        expires_at: Set(expires_at),
        expired_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok((session, token))
}

/// Gives a session a fresh token, for the browser that redeems its one-time link.
pub async fn rotate_session_token(
    conn: &impl ConnectionTrait,
    session_id: i32,
) -> Result<String, DbErr> {
    let token = random_token(32);
    sessions::Entity::update_many()
        .col_expr(
            sessions::Column::TokenHash,
            Expr::value(hash_secret(&token)),
        )
        .filter(sessions::Column::Id.eq(session_id))
        .exec(conn)
        .await?;
    Ok(token)
}

/// The session `token` opens, if it belongs to this inquiry and is still valid at `now`.
pub async fn find_live_session(
    conn: &impl ConnectionTrait,
    inquiry_id: i32,
    token: &str,
    now: i64,
) -> Result<Option<sessions::Model>, DbErr> {
    sessions::Entity::find()
        .filter(sessions::Column::TokenHash.eq(hash_secret(token)))
        .filter(sessions::Column::InquiryId.eq(inquiry_id))
        .filter(sessions::Column::ExpiredAt.is_null())
        .filter(sessions::Column::ExpiresAt.gte(now))
        .one(conn)
        .await
}

pub async fn expire_sessions(
    conn: &impl ConnectionTrait,
    inquiry_id: i32,
    now: i64,
) -> Result<(), DbErr> {
    sessions::Entity::update_many()
        .col_expr(sessions::Column::ExpiredAt, Expr::value(now))
        .filter(sessions::Column::InquiryId.eq(inquiry_id))
        .filter(sessions::Column::ExpiredAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// The account of a reference id, created on first use; without one, a fresh account.
pub async fn account_for_reference(
    conn: &impl ConnectionTrait,
    reference_id: Option<&str>,
    now: i64,
) -> Result<String, DbErr> {
    let fresh = || accounts::ActiveModel {
        public_id: Set(PublicId::generate("act").into_string()),
        reference_id: Set(reference_id.map(str::to_owned)),
        created_at: Set(now),
        ..Default::default()
    };
    let Some(reference_id) = reference_id else {
        return Ok(fresh().insert(conn).await?.public_id);
    };
    // Insert-or-ignore, then read: two instances creating the same account concurrently
    // both end up with the one row.
    accounts::Entity::insert(fresh())
        .on_conflict_do_nothing_on([accounts::Column::ReferenceId])
        .exec_without_returning(conn)
        .await?;
    accounts::Entity::find()
        .filter(accounts::Column::ReferenceId.eq(reference_id))
        .one(conn)
        .await?
        .map(|account| account.public_id)
        .ok_or_else(|| DbErr::RecordNotFound("sandbox account".into()))
}

pub async fn account_exists(conn: &impl ConnectionTrait, public_id: &str) -> Result<bool, DbErr> {
    Ok(accounts::Entity::find()
        .filter(accounts::Column::PublicId.eq(public_id))
        .count(conn)
        .await?
        > 0)
}

/// Inserts a one-time link and returns its code, which is never stored.
pub async fn insert_one_time_link(
    conn: &impl ConnectionTrait,
    inquiry_id: i32,
    session_id: i32,
    expires_at: i64,
    now: i64,
) -> Result<String, DbErr> {
    let code = random_token(32);
    one_time_links::ActiveModel {
        code_hash: Set(hash_secret(&code)),
        inquiry_id: Set(inquiry_id),
        session_id: Set(session_id),
        expires_at: Set(expires_at),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(code)
}

pub async fn find_one_time_link(
    conn: &impl ConnectionTrait,
    code: &str,
) -> Result<Option<one_time_links::Model>, DbErr> {
    one_time_links::Entity::find()
        .filter(one_time_links::Column::CodeHash.eq(hash_secret(code)))
        .one(conn)
        .await
}

/// Marks the link used; false when another request used it first.
pub async fn claim_one_time_link(
    conn: &impl ConnectionTrait,
    link_id: i32,
    now: i64,
) -> Result<bool, DbErr> {
    let result = one_time_links::Entity::update_many()
        .col_expr(one_time_links::Column::UsedAt, Expr::value(now))
        .filter(one_time_links::Column::Id.eq(link_id))
        .filter(one_time_links::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

fn overdue(now: i64) -> Condition {
    Condition::all()
        .add(inquiries::Column::Status.is_in([
            InquiryStatus::Created.as_str(),
            InquiryStatus::Pending.as_str(),
        ]))
        .add(inquiries::Column::ExpiresAt.lt(now))
}

/// Open inquiries whose expiry has passed, oldest first.
pub async fn overdue_inquiry_ids(
    conn: &impl ConnectionTrait,
    now: i64,
    limit: u64,
) -> Result<Vec<String>, DbErr> {
    Ok(inquiries::Entity::find()
        .filter(overdue(now))
        .order_by_asc(inquiries::Column::ExpiresAt)
        .limit(limit)
        .all(conn)
        .await?
        .into_iter()
        .map(|inquiry| inquiry.public_id)
        .collect())
}

#[derive(Debug, Default)]
pub struct InquiryFilter {
    pub reference_id: Option<String>,
    pub status: Option<InquiryStatus>,
    pub template_id: Option<String>,
    pub account_id: Option<String>,
}

/// Newest first; `before_id` is the internal id of the previous page's last inquiry.
pub async fn list_inquiries(
    conn: &impl ConnectionTrait,
    filter: &InquiryFilter,
    before_id: Option<i32>,
    limit: u64,
) -> Result<Vec<inquiries::Model>, DbErr> {
    let mut query = inquiries::Entity::find();
    if let Some(reference_id) = &filter.reference_id {
        query = query.filter(inquiries::Column::ReferenceId.eq(reference_id.as_str()));
    }
    if let Some(status) = filter.status {
        query = query.filter(inquiries::Column::Status.eq(status.as_str()));
    }
    if let Some(template_id) = &filter.template_id {
        query = query.filter(inquiries::Column::TemplatePublicId.eq(template_id.as_str()));
    }
    if let Some(account_id) = &filter.account_id {
        query = query.filter(inquiries::Column::AccountPublicId.eq(account_id.as_str()));
    }
    if let Some(before_id) = before_id {
        query = query.filter(inquiries::Column::Id.lt(before_id));
    }
    query
        .order_by_desc(inquiries::Column::Id)
        .limit(limit)
        .all(conn)
        .await
}
