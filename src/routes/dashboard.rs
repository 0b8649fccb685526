use actix_session::Session;
use actix_web::{http::StatusCode, web, HttpResponse};

use crate::{
    auth::{CurrentUser, ProtectedForm, TenantUser},
    error::AppError,
    reports::dashboard,
    state::AppState,
    views::{self, dashboard::DashboardView, page_response, Flash, Nav},
};

use super::{see_other, EmptyForm};

pub async fn show_dashboard(
    state: web::Data<AppState>,
    session: Session,
    user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let (Some(scope), Some(tenant)) = (user.tenant_scope(), user.tenant.as_ref()) else {
        return Ok(see_other("/operator/tenants"));
    };
    let data = dashboard::load(&state, scope).await?;
    let disabled_webhooks =
        crate::tenant_webhooks::endpoints::count_auto_disabled(&state, scope).await?;
    let content = views::dashboard::dashboard(DashboardView {
        tenant,
        user_count: data.user_count,
        status_counts: &data.status_counts,
        funnel: &data.funnel,
        expiring: &data.expiring,
        stale: &data.stale,
        stale_action: data.policy.stale_version_action,
        recent: &data.recent,
        actor_names: &data.actor_names,
        now: data.now,
        issuer_csrf_token: user.role.can_issue().then_some(user.csrf_token.as_str()),
    });
    let content = maud::html! {
        @if disabled_webhooks > 0 { (views::tenant_webhooks::disabled_notice(disabled_webhooks)) }
        (content)
    };
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
