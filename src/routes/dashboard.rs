use actix_session::Session;
use actix_web::{http::StatusCode, web, HttpResponse};
use sea_orm::PaginatorTrait;

use crate::{
    auth::{CurrentUser, ProtectedForm, TenantUser},
    db::now,
    error::AppError,
    repo::{self, TenantScope},
    state::AppState,
    views::{self, dashboard::DashboardView, page_response, Flash, Nav},
};

use super::{see_other, EmptyForm};

const EXPIRING_WITHIN_SECONDS: i64 = 24 * 60 * 60;
const LIST_LIMIT: u64 = 20;

pub async fn show_dashboard(
    state: web::Data<AppState>,
    session: Session,
    user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let Some(tenant) = user.tenant.clone().filter(|_| !user.is_operator()) else {
        return Ok(see_other("/operator/tenants"));
    };
    let scope = TenantScope::new(tenant.id);
    let db = &state.db.connection;
    let at = now();
    let user_count = scope.users().count(db).await?;
    let status_counts = repo::stats::inquiries_by_status(db, scope).await?;
    let funnel = repo::stats::funnel(db, scope).await?;
    let expiring =
        repo::stats::links_expiring(db, scope, at, at + EXPIRING_WITHIN_SECONDS, LIST_LIMIT)
            .await?;
    let stale = repo::stats::links_on_stale_versions(db, scope, LIST_LIMIT).await?;
    let policy = repo::policies::get(db, scope).await?;
    let recent = repo::audit::recent(db, scope, 10).await?;
    let actor_names = repo::audit::team_names(db, scope).await?;
    let content = views::dashboard::dashboard(DashboardView {
        tenant: &tenant,
        user_count,
        status_counts: &status_counts,
        funnel: &funnel,
        expiring: &expiring,
        stale: &stale,
        stale_action: policy.stale_version_action,
        recent: &recent,
        actor_names: &actor_names,
        now: at,
        issuer_csrf_token: user.role.can_issue().then_some(user.csrf_token.as_str()),
    });
    Ok(page_response(
        user.viewer(),
        "Dashboard",
        Nav::Dashboard,
        Flash::take(&session),
        StatusCode::OK,
        content,
    ))
}

/// The stale-version panel's bulk action: every open dedicated link on a superseded
/// template version moves to a new inquiry on the latest one.
pub async fn reissue_stale_links(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
    _form: ProtectedForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    member.require_issuer()?;
    let outcome =
        crate::links::reissue::reissue_stale(&state, member.scope(), &member.current.actor())
            .await?;
    let mut message = match outcome.moved {
        0 => "No link needed to move.".to_owned(),
        1 => "1 link moved to the latest template version.".to_owned(),
        n => format!("{n} links moved to the latest template version."),
    };
    if outcome.failed > 0 {
        message.push_str(&format!(
            " {} could not be moved now (the provider did not answer).",
            outcome.failed
        ));
    }
    if outcome.more {
        message.push_str(" More are waiting: run it again in a minute.");
    }
    if outcome.failed > 0 {
        Flash::error(&session, message);
    } else {
        Flash::success(&session, message);
    }
    Ok(see_other("/"))
}
