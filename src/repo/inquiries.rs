use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, Set,
};

use crate::{db::now, domain::InquiryStatus, entities::inquiries};

use super::TenantScope;

pub struct NewInquiry<'a> {
    pub link_id: Option<i32>,
    pub provider_inquiry_id: &'a str,
    pub reference_id: Option<&'a str>,
    pub template_version_id: Option<&'a str>,
    pub status: InquiryStatus,
    pub expires_at: Option<i64>,
    pub session_token_encrypted: Option<String>,
    pub session_token_expires_at: Option<i64>,
}

pub async fn insert(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    inquiry: NewInquiry<'_>,
) -> Result<inquiries::Model, DbErr> {
    let at = now();
    inquiries::ActiveModel {
        tenant_id: Set(scope.tenant_id()),
        link_id: Set(inquiry.link_id),
        provider_inquiry_id: Set(inquiry.provider_inquiry_id.to_owned()),
        reference_id: Set(inquiry.reference_id.map(str::to_owned)),
        template_version_id: Set(inquiry.template_version_id.map(str::to_owned)),
        status: Set(inquiry.status),
        session_token_encrypted: Set(inquiry.session_token_encrypted),
        session_token_expires_at: Set(inquiry.session_token_expires_at),
        resume_count: Set(0),
        expires_at: Set(inquiry.expires_at),
        last_event_at: Set(None),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn find(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    provider_inquiry_id: &str,
) -> Result<Option<inquiries::Model>, DbErr> {
    scope
        .inquiries()
        .filter(inquiries::Column::ProviderInquiryId.eq(provider_inquiry_id))
        .one(db)
        .await
}

/// By internal id, for the click path which already holds the link's tenant.
pub async fn find_by_id(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    id: i32,
) -> Result<Option<inquiries::Model>, DbErr> {
    scope
        .inquiries()
        .filter(inquiries::Column::Id.eq(id))
        .one(db)
        .await
}

/// The status of each of the tenant's inquiries `ids` (a page of links' current ones).
pub async fn statuses(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    ids: Vec<i32>,
) -> Result<std::collections::HashMap<i32, InquiryStatus>, DbErr> {
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    Ok(scope
        .inquiries()
        .filter(inquiries::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|inquiry| (inquiry.id, inquiry.status))
        .collect())
}

pub async fn for_link(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    link_id: i32,
) -> Result<Vec<inquiries::Model>, DbErr> {
    scope
        .inquiries()
        .filter(inquiries::Column::LinkId.eq(link_id))
        .order_by_desc(inquiries::Column::Id)
        .all(db)
        .await
}

/// By id, without a scope: for the provider's answers (webhooks, the reconciler, the
/// click path), which hold an inquiry row already found through its tenant or its
/// provider id.
pub async fn set_status(
    db: &impl ConnectionTrait,
    id: i32,
    status: InquiryStatus,
    expires_at: Option<i64>,
) -> Result<(), DbErr> {
    let mut update = inquiries::Entity::update_many()
        .col_expr(inquiries::Column::Status, Expr::value(status))
        .col_expr(inquiries::Column::UpdatedAt, Expr::value(now()));
    if let Some(expires_at) = expires_at {
        update = update.col_expr(inquiries::Column::ExpiresAt, Expr::value(expires_at));
    }
    update.filter(inquiries::Column::Id.eq(id)).exec(db).await?;
    Ok(())
}

/// By id, without a scope (the caller holds the inquiry row, found through its tenant):
/// stores the token (encrypted) of the resume made after the `resume_count`-th one, and
/// counts it: only if no one (another instance) stored that resume first. Returns whether
/// this call stored it.
pub async fn store_resumed_token(
    db: &impl ConnectionTrait,
    id: i32,
    resume_count: i32,
    token_encrypted: String,
    token_expires_at: i64,
    status: Option<InquiryStatus>,
) -> Result<bool, DbErr> {
    use sea_orm::sea_query::ExprTrait;
    let stored = inquiries::Entity::update_many()
        .col_expr(
            inquiries::Column::SessionTokenEncrypted,
            Expr::value(token_encrypted),
        )
        .col_expr(
            inquiries::Column::SessionTokenExpiresAt,
            Expr::value(token_expires_at),
        )
        .col_expr(
            inquiries::Column::ResumeCount,
            Expr::col(inquiries::Column::ResumeCount).add(1),
        )
        .col_expr(inquiries::Column::UpdatedAt, Expr::value(now()))
        .filter(inquiries::Column::Id.eq(id))
        .filter(inquiries::Column::ResumeCount.eq(resume_count))
        .exec(db)
        .await?
        .rows_affected
        == 1;
    // A status the provider reported that the portal does not know (`None`) changes nothing.
    if let Some(status) = status.filter(|_| stored) {
        // The resume's answer says `pending` (or `created`); a webhook that finished the
        // inquiry meanwhile (no resume comes back from that) has the last word.
        inquiries::Entity::update_many()
            .col_expr(inquiries::Column::Status, Expr::value(status))
            .filter(inquiries::Column::Id.eq(id))
            .filter(
                inquiries::Column::Status
                    .is_not_in(InquiryStatus::all_where(InquiryStatus::is_terminal)),
            )
            .exec(db)
            .await?;
    }
    Ok(stored)
}
