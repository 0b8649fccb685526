//! Inquiry queries of status keeping: recording what the provider said, and finding the
//! inquiries the reconciler should ask about.

use sea_orm::{
    sea_query::{Expr, ExprTrait, Func},
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, JoinType, Order, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::{
    db::now,
    domain::{InquiryStatus, LinkState},
    entities::{inquiries, inquiry_checks, links},
};

use super::TenantScope;

/// A webhook names the inquiry by the provider's id, which is unique across tenants; the
/// tenant is learnt from the row (the signature, not the id, is what authenticates).
pub async fn find_by_provider_id(
    db: &impl ConnectionTrait,
    provider_inquiry_id: &str,
) -> Result<Option<inquiries::Model>, DbErr> {
    inquiries::Entity::find()
        .filter(inquiries::Column::ProviderInquiryId.eq(provider_inquiry_id))
        .one(db)
        .await
}

/// Writes an observed status if the row is still exactly as `current` was read (status
/// and event time); false when something else changed it in between. Scoped by the row
/// itself: `current`'s id and tenant.
pub async fn record_observation(
    db: &impl ConnectionTrait,
    current: &inquiries::Model,
    status: InquiryStatus,
    last_event_at: Option<i64>,
    expires_at: Option<i64>,
) -> Result<bool, DbErr> {
    let mut update = inquiries::Entity::update_many()
        .col_expr(inquiries::Column::Status, Expr::value(status))
        .col_expr(inquiries::Column::LastEventAt, Expr::value(last_event_at))
        .col_expr(inquiries::Column::UpdatedAt, Expr::value(now()));
    if let Some(expires_at) = expires_at {
        update = update.col_expr(inquiries::Column::ExpiresAt, Expr::value(expires_at));
    }
    let unchanged_since_read = match current.last_event_at {
        Some(at) => inquiries::Column::LastEventAt.eq(at),
        None => inquiries::Column::LastEventAt.is_null(),
    };
    let result = update
        .filter(inquiries::Column::Id.eq(current.id))
        .filter(inquiries::Column::TenantId.eq(current.tenant_id))
        .filter(inquiries::Column::Status.eq(current.status))
        .filter(unchanged_since_read)
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

pub async fn find_link(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    link_id: i32,
) -> Result<Option<links::Model>, DbErr> {
    scope
        .links()
        .filter(links::Column::Id.eq(link_id))
        .one(db)
        .await
}

/// The inquiries due for a check at `at` (see [`due_for_check`]), unordered.
fn due_at(at: i64) -> sea_orm::Select<inquiries::Entity> {
    let to_checks = inquiries::Entity::belongs_to(inquiry_checks::Entity)
        .from(inquiries::Column::Id)
        .to(inquiry_checks::Column::InquiryId)
        .into();
    let to_link = inquiries::Entity::belongs_to(links::Entity)
        .from(inquiries::Column::LinkId)
        .to(links::Column::Id)
        .into();
    let next_check = Expr::col((inquiry_checks::Entity, inquiry_checks::Column::NextCheckAt));
    inquiries::Entity::find()
        .join(JoinType::LeftJoin, to_checks)
        .join(JoinType::LeftJoin, to_link)
        .filter(
            Condition::any()
                // Statuses the reconciler keeps asking about: the end user may still be in the flow.
                .add(
                    inquiries::Column::Status
                        .is_in(InquiryStatus::all_where(InquiryStatus::is_in_progress)),
                )
                .add(
                    Condition::all()
                        .add(inquiries::Column::Status.eq(InquiryStatus::Expired))
                        .add(
                            Expr::col((links::Entity, links::Column::State)).eq(LinkState::Active),
                        ),
                ),
        )
        .filter(
            Condition::any()
                .add(next_check.clone().is_null())
                .add(next_check.lte(at)),
        )
}

/// How many inquiries are due for a check now: the reconciler's queue depth.
pub async fn count_due_for_check(db: &impl ConnectionTrait, at: i64) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    due_at(at).count(db).await
}

/// Up to `limit` inquiries, across tenants, that the reconciler should ask the provider
/// about now: in progress, or expired while their link is still active (the user may
/// come back), and due by their schedule (never checked counts as due). Longest-waiting
/// first, so a backlog is worked through in turn.
pub async fn due_for_check(
    db: &impl ConnectionTrait,
    at: i64,
    limit: u64,
) -> Result<Vec<inquiries::Model>, DbErr> {
    let next_check = Expr::col((inquiry_checks::Entity, inquiry_checks::Column::NextCheckAt));
    due_at(at)
        // NULLs sort first on SQLite and last on PostgreSQL; never-checked rows go first on both.
        .order_by(
            Expr::from(Func::coalesce([next_check, Expr::val(0i64)])),
            Order::Asc,
        )
        .order_by_asc(inquiries::Column::Id)
        .limit(limit)
        .all(db)
        .await
}
