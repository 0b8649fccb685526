//! What the tenant's dashboard shows: counts by status, the funnel, links expiring soon,
//! links on superseded template versions and the latest activity.

use std::collections::HashMap;

use crate::{
    db::now,
    domain::InquiryStatus,
    entities::{audit_events, links, tenant_policies},
    error::AppError,
    repo::{
        self,
        stats::{Funnel, StaleLink},
        TenantScope,
    },
    state::AppState,
};

const EXPIRING_WITHIN_SECONDS: i64 = 24 * 60 * 60;
const LIST_LIMIT: u64 = 20;
const RECENT_EVENTS: u64 = 10;

pub struct DashboardData {
    pub user_count: u64,
    /// Inquiries per status, in lifecycle order.
    pub status_counts: Vec<(InquiryStatus, i64)>,
    pub funnel: Funnel,
    pub expiring: Vec<links::Model>,
    pub stale: Vec<StaleLink>,
    pub policy: tenant_policies::Model,
    pub recent: Vec<audit_events::Model>,
    /// Audit actors (`user:usr_…`) of this tenant, by the name to show.
    pub actor_names: HashMap<String, String>,
    /// The moment the numbers describe.
    pub now: i64,
}

pub async fn load(state: &AppState, scope: TenantScope) -> Result<DashboardData, AppError> {
    let db = &state.db.connection;
    let at = now();
    Ok(DashboardData {
        user_count: repo::memberships::count_in_tenant(db, scope).await?,
        status_counts: repo::stats::inquiries_by_status(db, scope).await?,
        funnel: repo::stats::funnel(db, scope).await?,
        expiring: repo::stats::links_expiring(
            db,
            scope,
            at,
            at + EXPIRING_WITHIN_SECONDS,
            LIST_LIMIT,
        )
        .await?,
        stale: repo::stats::links_on_stale_versions(db, scope, LIST_LIMIT).await?,
        policy: repo::policies::get(db, scope).await?,
        recent: repo::audit::recent(db, scope, RECENT_EVENTS).await?,
        actor_names: repo::audit::team_names(db, scope).await?,
        now: at,
    })
}
