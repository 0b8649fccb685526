use actix_session::Session;
use actix_web::{web, HttpResponse};
use sea_orm::PaginatorTrait;

use crate::{
    auth::CurrentUser,
    error::AppError,
    repo::{self, TenantScope},
    startup::AppState,
    views::{self, dashboard::DashboardView, Flash, Nav, Page},
};

use super::see_other;

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
    let user_count = scope.users().count(db).await?;
    let recent = repo::audit::recent(db, scope, 10).await?;
    let actor_names = repo::users::list_in_tenant(db, scope)
        .await?
        .into_iter()
        .map(|member| (format!("user:{}", member.public_id), member.email))
        .collect();
    let content = views::dashboard::dashboard(DashboardView {
        tenant: &tenant,
        user_count,
        recent: &recent,
        actor_names: &actor_names,
    });
    let page = Page {
        title: "Dashboard",
        user: &user,
        flash: Flash::take(&session),
        nav: Nav::Dashboard,
    };
    Ok(views::layout::render(page, content))
}
