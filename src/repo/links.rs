use sea_orm::{
    sea_query::{Expr, ExprTrait},
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use crate::{
    db::now,
    domain::{Language, LinkKind, LinkState, PublicId, ResumeOnClick},
    entities::{link_browsers, links},
};

use super::TenantScope;

pub struct NewLink<'a> {
    pub template_connection_id: i32,
    pub kind: LinkKind,
    pub token_hash: &'a str,
    pub token_encrypted: &'a str,
    pub reference_id: Option<&'a str>,
    pub prefill_encrypted: Option<&'a str>,
    pub resume_on_click: ResumeOnClick,
    pub access_code_hash: Option<&'a str>,
    pub expires_at: i64,
    pub active_from: Option<i64>,
    pub max_inquiries: Option<i32>,
    pub always_new: bool,
    pub language: Option<Language>,
    pub created_by: &'a str,
}

pub async fn insert(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    link: NewLink<'_>,
) -> Result<links::Model, DbErr> {
    let at = now();
    links::ActiveModel {
        public_id: Set(PublicId::generate("lnk").into_string()),
        tenant_id: Set(scope.tenant_id()),
        template_connection_id: Set(link.template_connection_id),
        kind: Set(link.kind),
        token_hash: Set(link.token_hash.to_owned()),
        token_encrypted: Set(link.token_encrypted.to_owned()),
        reference_id: Set(link.reference_id.map(str::to_owned)),
        prefill_encrypted: Set(link.prefill_encrypted.map(str::to_owned)),
        state: Set(LinkState::Active),
        resume_on_click: Set(link.resume_on_click),
        access_code_hash: Set(link.access_code_hash.map(str::to_owned)),
        access_code_attempts: Set(0),
        locked_at: Set(None),
        expires_at: Set(link.expires_at),
        active_from: Set(link.active_from),
        max_inquiries: Set(link.max_inquiries),
        inquiries_created: Set(0),
        always_new: Set(link.always_new),
        language: Set(link.language),
        click_count: Set(0),
        last_clicked_at: Set(None),
        current_inquiry_id: Set(None),
        created_by: Set(link.created_by.to_owned()),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// The click's lookup: by token hash, across tenants (the token is the credential).
pub async fn find_by_token_hash(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<links::Model>, DbErr> {
    links::Entity::find()
        .filter(links::Column::TokenHash.eq(token_hash))
        .one(db)
        .await
}

pub async fn find(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    public_id: &str,
) -> Result<Option<links::Model>, DbErr> {
    scope
        .links()
        .filter(links::Column::PublicId.eq(public_id))
        .one(db)
        .await
}

pub async fn find_by_id(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    id: i32,
) -> Result<Option<links::Model>, DbErr> {
    scope.links().filter(links::Column::Id.eq(id)).one(db).await
}

pub async fn public_id_of(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    id: i32,
) -> Result<Option<String>, DbErr> {
    scope
        .links()
        .select_only()
        .column(links::Column::PublicId)
        .filter(links::Column::Id.eq(id))
        .into_tuple()
        .one(db)
        .await
}

#[derive(Debug, Default, Clone)]
pub struct LinkFilter {
    pub kind: Option<LinkKind>,
    pub state: Option<LinkState>,
    pub reference_id: Option<String>,
    pub text: Option<String>,
    /// Keyset cursor: the public id of the last link of the previous page.
    pub after: Option<String>,
    pub limit: u64,
}

/// Newest first, `limit` at most, continuing after the cursor link.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    filter: &LinkFilter,
) -> Result<Vec<links::Model>, DbErr> {
    let mut query = scope.links();
    if let Some(kind) = filter.kind {
        query = query.filter(links::Column::Kind.eq(kind));
    }
    if let Some(state) = filter.state {
        query = query.filter(links::Column::State.eq(state));
    }
    if let Some(reference_id) = &filter.reference_id {
        query = query.filter(links::Column::ReferenceId.eq(reference_id.as_str()));
    }
    if let Some(text) = filter.text.as_deref().filter(|t| !t.is_empty()) {
        let pattern = format!("%{}%", text.replace(['%', '_'], ""));
        query = query.filter(
            Condition::any()
                .add(links::Column::ReferenceId.like(pattern.clone()))
                .add(links::Column::PublicId.like(pattern)),
        );
    }
    if let Some(after) = &filter.after {
        match find(db, scope, after).await? {
            Some(cursor) => query = query.filter(links::Column::Id.lt(cursor.id)),
            None => return Ok(Vec::new()),
        }
    }
    query
        .order_by_desc(links::Column::Id)
        .limit(filter.limit)
        .all(db)
        .await
}

pub async fn set_state(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    id: i32,
    state: LinkState,
) -> Result<(), DbErr> {
    links::Entity::update_many()
        .col_expr(links::Column::State, Expr::value(state))
        .col_expr(links::Column::UpdatedAt, Expr::value(now()))
        .filter(links::Column::Id.eq(id))
        .filter(links::Column::TenantId.eq(scope.tenant_id()))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn set_expiry(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    id: i32,
    expires_at: i64,
    state: LinkState,
) -> Result<(), DbErr> {
    links::Entity::update_many()
        .col_expr(links::Column::ExpiresAt, Expr::value(expires_at))
        .col_expr(links::Column::State, Expr::value(state))
        .col_expr(links::Column::UpdatedAt, Expr::value(now()))
        .filter(links::Column::Id.eq(id))
        .filter(links::Column::TenantId.eq(scope.tenant_id()))
        .exec(db)
        .await?;
    Ok(())
}

/// By id, without a scope: the click and issue paths hold the link row already.
pub async fn set_current_inquiry(
    db: &impl ConnectionTrait,
    link_id: i32,
    inquiry_id: i32,
) -> Result<(), DbErr> {
    links::Entity::update_many()
        .col_expr(links::Column::CurrentInquiryId, Expr::value(inquiry_id))
        .col_expr(links::Column::UpdatedAt, Expr::value(now()))
        .filter(links::Column::Id.eq(link_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Counts one more inquiry on a static link, only while under its cap; false when full.
/// Scoped by the row the caller holds.
pub async fn take_inquiry_slot(
    db: &impl ConnectionTrait,
    link: &links::Model,
) -> Result<bool, DbErr> {
    let mut update = links::Entity::update_many()
        .col_expr(
            links::Column::InquiriesCreated,
            Expr::col(links::Column::InquiriesCreated).add(1),
        )
        .filter(links::Column::Id.eq(link.id));
    if let Some(cap) = link.max_inquiries {
        update = update.filter(links::Column::InquiriesCreated.lt(cap));
    }
    Ok(update.exec(db).await?.rows_affected > 0)
}

/// Lifts an access-code lock (an issuer's decision).
pub async fn unlock(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    link_id: i32,
) -> Result<(), DbErr> {
    links::Entity::update_many()
        .col_expr(links::Column::LockedAt, Expr::value(Option::<i64>::None))
        .col_expr(links::Column::AccessCodeAttempts, Expr::value(0))
        .col_expr(links::Column::UpdatedAt, Expr::value(now()))
        .filter(links::Column::Id.eq(link_id))
        .filter(links::Column::TenantId.eq(scope.tenant_id()))
        .exec(db)
        .await?;
    Ok(())
}

/// Gives back a slot taken for an inquiry the provider did not create (by id: the caller
/// holds the link row).
pub async fn release_inquiry_slot(db: &impl ConnectionTrait, link_id: i32) -> Result<(), DbErr> {
    links::Entity::update_many()
        .col_expr(
            links::Column::InquiriesCreated,
            Expr::col(links::Column::InquiriesCreated).sub(1),
        )
        .filter(links::Column::Id.eq(link_id))
        .filter(links::Column::InquiriesCreated.gt(0))
        .exec(db)
        .await?;
    Ok(())
}

/// Adds buffered clicks (the click path counts in memory and flushes in batches); by id,
/// across tenants, as the flush job writes every tenant's counts.
pub async fn add_clicks(
    db: &impl ConnectionTrait,
    link_id: i32,
    clicks: i64,
    last_clicked_at: i64,
) -> Result<(), DbErr> {
    links::Entity::update_many()
        .col_expr(
            links::Column::ClickCount,
            Expr::col(links::Column::ClickCount).add(clicks),
        )
        .col_expr(links::Column::LastClickedAt, Expr::value(last_clicked_at))
        .filter(links::Column::Id.eq(link_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The states in which a link is open ([`LinkState::is_open`]), for a query's `IN (…)`.
pub fn open_states() -> impl Iterator<Item = LinkState> {
    LinkState::ALL.into_iter().filter(|state| state.is_open())
}

/// Open links whose time has passed, across tenants (the expiry job), at most `limit`.
pub async fn due_for_expiry(
    db: &impl ConnectionTrait,
    limit: u64,
) -> Result<Vec<links::Model>, DbErr> {
    links::Entity::find()
        .filter(links::Column::State.is_in(open_states()))
        .filter(links::Column::ExpiresAt.lte(now()))
        .order_by_asc(links::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Marks the link expired if it is still open and due, across tenants (the expiry job, on
/// a link it found due); true when this call expired it.
pub async fn expire_if_due(db: &impl ConnectionTrait, link_id: i32) -> Result<bool, DbErr> {
    let result = links::Entity::update_many()
        .col_expr(links::Column::State, Expr::value(LinkState::Expired))
        .col_expr(links::Column::UpdatedAt, Expr::value(now()))
        .filter(links::Column::Id.eq(link_id))
        .filter(links::Column::State.is_in(open_states()))
        .filter(links::Column::ExpiresAt.lte(now()))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The browsers bound to a link (these four by link id): the click path reached the link
/// by its token, the credential.
pub async fn find_browser(
    db: &impl ConnectionTrait,
    link_id: i32,
    browser_hash: &str,
) -> Result<Option<link_browsers::Model>, DbErr> {
    link_browsers::Entity::find()
        .filter(link_browsers::Column::LinkId.eq(link_id))
        .filter(link_browsers::Column::BrowserHash.eq(browser_hash))
        .one(db)
        .await
}

/// The hashes of every browser bound to a link (dedicated links have a handful).
pub async fn browsers_of(db: &impl ConnectionTrait, link_id: i32) -> Result<Vec<String>, DbErr> {
    link_browsers::Entity::find()
        .select_only()
        .column(link_browsers::Column::BrowserHash)
        .filter(link_browsers::Column::LinkId.eq(link_id))
        .into_tuple()
        .all(db)
        .await
}

pub async fn count_browsers(db: &impl ConnectionTrait, link_id: i32) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    link_browsers::Entity::find()
        .filter(link_browsers::Column::LinkId.eq(link_id))
        .count(db)
        .await
}

/// Binds a browser to a link (idempotent), remembering its inquiry for static links.
pub async fn bind_browser(
    db: &impl ConnectionTrait,
    link_id: i32,
    browser_hash: &str,
    inquiry_id: Option<i32>,
) -> Result<(), DbErr> {
    use sea_orm::sea_query::OnConflict;
    link_browsers::Entity::insert(link_browsers::ActiveModel {
        link_id: Set(link_id),
        browser_hash: Set(browser_hash.to_owned()),
        inquiry_id: Set(inquiry_id),
        bound_at: Set(now()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            link_browsers::Column::LinkId,
            link_browsers::Column::BrowserHash,
        ])
        .update_column(link_browsers::Column::InquiryId)
        .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(())
}

/// By id (the caller holds the row): takes the link's row lock until the transaction ends (PostgreSQL; SQLite write
/// transactions are serialized anyway), so "is this the first browser?" and binding it
/// happen as one step.
pub async fn lock_row(db: &impl ConnectionTrait, link_id: i32) -> Result<(), DbErr> {
    links::Entity::update_many()
        .col_expr(
            links::Column::UpdatedAt,
            Expr::col(links::Column::UpdatedAt),
        )
        .filter(links::Column::Id.eq(link_id))
        .exec(db)
        .await?;
    Ok(())
}
