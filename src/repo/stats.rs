//! Counts for the dashboard and the operator's usage page, always within one tenant.

use sea_orm::{
    sea_query::{Expr, ExprTrait},
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, JoinType, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

use crate::{
    domain::{InquiryStatus, LinkKind, LinkState},
    entities::{api_keys, inquiries, links, template_connections, tenant_policies, tenants},
};

use super::{links::open_states, TenantScope};

/// How many of the tenant's inquiries are in each status, in lifecycle order
/// ([`InquiryStatus::ALL`]).
pub async fn inquiries_by_status(
    db: &impl ConnectionTrait,
    scope: TenantScope,
) -> Result<Vec<(InquiryStatus, i64)>, DbErr> {
    let mut counts: Vec<(InquiryStatus, i64)> = scope
        .inquiries()
        .select_only()
        .column(inquiries::Column::Status)
        .column_as(Expr::col(inquiries::Column::Id).count(), "n")
        .group_by(inquiries::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    counts.sort_by_key(|(status, _)| InquiryStatus::ALL.iter().position(|s| s == status));
    Ok(counts)
}

/// How far the tenant's links got. A link reaches a stage when any of its inquiries did,
/// so a static link counts once however many visitors it had (the status counts count
/// every inquiry).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Funnel {
    pub issued: u64,
    pub opened: u64,
    /// An inquiry is `pending` or has gone past it.
    pub started: u64,
    /// Finished the flow: completed, or decided or sent to review after completing.
    pub completed: u64,
    pub failed: u64,
    pub expired: u64,
}

pub async fn funnel(db: &impl ConnectionTrait, scope: TenantScope) -> Result<Funnel, DbErr> {
    Ok(Funnel {
        issued: scope.links().count(db).await?,
        opened: scope
            .links()
            .filter(links::Column::ClickCount.gt(0))
            .count(db)
            .await?,
        started: links_reaching(db, scope, InquiryStatus::has_started).await?,
        completed: links_reaching(db, scope, InquiryStatus::has_completed_flow).await?,
        failed: links_reaching(db, scope, |s| s == InquiryStatus::Failed).await?,
        expired: links_reaching(db, scope, |s| s == InquiryStatus::Expired).await?,
    })
}

/// Links with an inquiry in a status for which `reached` holds.
async fn links_reaching(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    reached: impl Fn(InquiryStatus) -> bool,
) -> Result<u64, DbErr> {
    scope
        .inquiries()
        .select_only()
        .column(inquiries::Column::LinkId)
        .filter(inquiries::Column::LinkId.is_not_null())
        .filter(inquiries::Column::Status.is_in(InquiryStatus::all_where(reached)))
        .distinct()
        .count(db)
        .await
}

/// Active or paused links whose expiry falls in `[from, until)`, soonest first.
pub async fn links_expiring(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    from: i64,
    until: i64,
    limit: u64,
) -> Result<Vec<links::Model>, DbErr> {
    scope
        .links()
        .filter(links::Column::State.is_in(open_states()))
        .filter(links::Column::ExpiresAt.gte(from))
        .filter(links::Column::ExpiresAt.lt(until))
        .order_by_asc(links::Column::ExpiresAt)
        .limit(limit)
        .all(db)
        .await
}

/// A link whose current inquiry is pinned to a template version that is no longer the
/// published one.
#[derive(Clone, Debug, PartialEq, Eq, FromQueryResult)]
pub struct StaleLink {
    pub public_id: String,
    pub reference_id: Option<String>,
    pub template_name: String,
    pub inquiry_version: String,
    pub current_version: String,
    pub inquiry_status: InquiryStatus,
}

/// Open links (their user may still come back) on a superseded template version.
pub async fn links_on_stale_versions(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    limit: u64,
) -> Result<Vec<StaleLink>, DbErr> {
    let to_inquiry = links::Entity::belongs_to(inquiries::Entity)
        .from(links::Column::CurrentInquiryId)
        .to(inquiries::Column::Id)
        .into();
    let to_template = links::Entity::belongs_to(template_connections::Entity)
        .from(links::Column::TemplateConnectionId)
        .to(template_connections::Column::Id)
        .into();
    let inquiry_version = Expr::col((inquiries::Entity, inquiries::Column::TemplateVersionId));
    let current_version = Expr::col((
        template_connections::Entity,
        template_connections::Column::CurrentVersionId,
    ));
    scope
        .links()
        .join(JoinType::InnerJoin, to_inquiry)
        .join(JoinType::InnerJoin, to_template)
        .select_only()
        .column(links::Column::PublicId)
        .column(links::Column::ReferenceId)
        .column_as(
            Expr::col((
                template_connections::Entity,
                template_connections::Column::Name,
            )),
            "template_name",
        )
        .column_as(inquiry_version.clone(), "inquiry_version")
        .column_as(current_version.clone(), "current_version")
        .column_as(
            Expr::col((inquiries::Entity, inquiries::Column::Status)),
            "inquiry_status",
        )
        .filter(links::Column::State.is_in(open_states()))
        .filter(links::Column::Kind.eq(LinkKind::Dedicated))
        .filter(
            Expr::col((inquiries::Entity, inquiries::Column::TenantId))
                .eq(scope.tenant_id())
                .and(
                    Expr::col((
                        template_connections::Entity,
                        template_connections::Column::TenantId,
                    ))
                    .eq(scope.tenant_id()),
                ),
        )
        .filter(
            Expr::col((inquiries::Entity, inquiries::Column::Status))
                .is_in(InquiryStatus::all_where(InquiryStatus::is_resumable)),
        )
        .filter(inquiry_version.clone().is_not_null())
        .filter(current_version.clone().is_not_null())
        .filter(inquiry_version.ne(current_version))
        .order_by_asc(links::Column::ExpiresAt)
        .limit(limit)
        .into_model::<StaleLink>()
        .all(db)
        .await
}

/// One tenant's use of the portal, for the operator.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    pub links: u64,
    pub active_links: u64,
    pub inquiries: u64,
    pub inquiries_by_status: Vec<(InquiryStatus, i64)>,
    pub active_api_keys: u64,
    /// The longest lifetime (expiry minus creation) among active links, in seconds.
    pub longest_active_link_seconds: Option<i64>,
}

pub async fn usage(db: &impl ConnectionTrait, scope: TenantScope) -> Result<Usage, DbErr> {
    let inquiries_by_status = inquiries_by_status(db, scope).await?;
    let longest: Option<Option<i64>> = scope
        .links()
        .select_only()
        .column_as(
            Expr::col(links::Column::ExpiresAt)
                .sub(Expr::col(links::Column::CreatedAt))
                .max(),
            "longest",
        )
        .filter(links::Column::State.eq(LinkState::Active))
        .into_tuple()
        .one(db)
        .await?;
    Ok(Usage {
        links: scope.links().count(db).await?,
        active_links: scope
            .links()
            .filter(links::Column::State.eq(LinkState::Active))
            .count(db)
            .await?,
        inquiries: inquiries_by_status.iter().map(|(_, n)| *n as u64).sum(),
        inquiries_by_status,
        active_api_keys: scope
            .api_keys()
            .filter(api_keys::Column::RevokedAt.is_null())
            .count(db)
            .await?,
        longest_active_link_seconds: longest.flatten(),
    })
}

/// One tenant's row on the operator's usage page.
pub struct TenantUsage {
    pub tenant: tenants::Model,
    pub users: u64,
    pub usage: Usage,
    pub policy: tenant_policies::Model,
}
