//! Resuming: after expiry, and the version check (`stale_version_action`: resume, reissue,
//! refuse; also past `max_resume_age`), and links that must be finished in one sitting.

use inquiry_portal::{
    domain::StaleAction,
    entities::{audit_events, inquiries},
    repo,
    sandbox::templates::publish_new_version,
};
use sea_orm::{sea_query::Expr, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{json, Value};

use super::{
    assert_api_error, at_provider, open_flow, pending_link, portal_status, resumes, session_token,
    set_policy, str_of, tenant, wait_for_status, Tenant,
};
use crate::{
    support::sandbox::{post_empty, start_flow},
    support::{
        links::{browser, click, click_and_continue, query_param},
        spawn_app, TestApp,
    },
};

/// The prefill the hosted flow's details step confirms unchanged (see `start_flow`).
fn prefill() -> Value {
    json!({
        "reference_id": "customer-42",
        "fields": {"name-first": "Ana", "name-last": "Lima", "birthdate": "1990-01-31"},
    })
}

async fn publish_new_template_version(app: &TestApp, tenant: &Tenant) -> String {
    publish_new_version(&app.db, tenant.template_id())
        .await
        .unwrap()
        .public_id
}

fn version_of(inquiry: &Value) -> String {
    inquiry["data"]["relationships"]["inquiry-template-version"]["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The link moved to a new inquiry on `latest` with the old one's reference id and fields;
/// both are on record and the move is audited.
async fn assert_reissued(
    app: &TestApp,
    tenant: &Tenant,
    link: &Value,
    old: &str,
    new: &str,
    latest: &str,
) {
    assert_ne!(old, new, "a new inquiry");
    let (before, after) = (at_provider(app, old).await, at_provider(app, new).await);
    assert_eq!(version_of(&after), latest);
    assert_ne!(version_of(&before), latest);
    let (old_attributes, new_attributes) =
        (&before["data"]["attributes"], &after["data"]["attributes"]);
    assert_eq!(new_attributes["reference-id"], "customer-42");
    assert_eq!(
        new_attributes["reference-id"],
        old_attributes["reference-id"]
    );
    assert_eq!(new_attributes["fields"], old_attributes["fields"]);
    assert_eq!(new_attributes["fields"]["birthdate"]["value"], "1990-01-31");
    let (_, current) = app
        .api_get(
            &tenant.key,
            &format!("/api/v1/links/{}", str_of(link, "id")),
        )
        .await;
    assert_eq!(current["inquiry_id"], new, "the link moved");
    for id in [old, new] {
        let (status, _) = app
            .api_get(&tenant.key, &format!("/api/v1/inquiries/{id}"))
            .await;
        assert_eq!(status, 200, "{id} is on record");
    }
    let reissued = audit_events::Entity::find()
        .filter(audit_events::Column::Action.eq("link.reissued"))
        .filter(audit_events::Column::TenantId.eq(tenant.tenant.id))
        .all(&app.db.connection)
        .await
        .unwrap();
    assert_eq!(reissued.len(), 1);
    assert_eq!(
        reissued[0].subject.as_deref(),
        Some(repo::audit::link_subject(str_of(link, "id")).as_str())
    );
    let details = reissued[0].details.as_deref().unwrap();
    assert!(details.contains(old) && details.contains(new), "{details}");
}

#[tokio::test]
async fn an_expired_inquiry_is_resumed_when_its_bound_browser_clicks() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let (link, bound, inquiry_id) = pending_link(&app, &acme, json!({})).await;
    let expired = post_empty(&app, &format!("/inquiries/{inquiry_id}/expire")).await;
    assert_eq!(expired.status(), 200);
    wait_for_status(&app, &acme, &inquiry_id, "expired").await;
    let before = resumes(&app).await;

    let (status, location) = click(&bound, str_of(&link, "url")).await;

    assert_eq!(status, 302, "{location}");
    assert_eq!(
        query_param(&location, "inquiry-id").as_deref(),
        Some(inquiry_id.as_str())
    );
    assert!(query_param(&location, "session-token").is_some());
    assert_eq!(open_flow(&app, &bound, &location).await, 200);
    assert_eq!(resumes(&app).await - before, 1);
    assert_eq!(portal_status(&app, &acme, &inquiry_id).await, "pending");
    assert_eq!(
        at_provider(&app, &inquiry_id).await["data"]["attributes"]["status"],
        "pending"
    );
}

#[tokio::test]
async fn with_the_reissue_policy_a_click_moves_an_outdated_link_to_a_new_inquiry_on_the_latest_version(
) {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    set_policy(&app, &acme, |p| {
        p.stale_version_action = StaleAction::Reissue
    })
    .await;
    let (link, bound, old) = pending_link(&app, &acme, prefill()).await;
    let latest = publish_new_template_version(&app, &acme).await;

    let (status, location) = click(&bound, str_of(&link, "url")).await;

    assert_eq!(status, 302, "{location}");
    let new = query_param(&location, "inquiry-id").unwrap();
    assert_eq!(
        open_flow(&app, &bound, &location).await,
        200,
        "the flow opens"
    );
    assert_reissued(&app, &acme, &link, &old, &new, &latest).await;
    // The next click stays on the new inquiry.
    let (_, again) = click(&bound, str_of(&link, "url")).await;
    assert_eq!(
        query_param(&again, "inquiry-id").as_deref(),
        Some(new.as_str())
    );
}

#[tokio::test]
async fn with_the_reissue_policy_the_session_token_api_moves_an_outdated_link_too() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    set_policy(&app, &acme, |p| {
        p.stale_version_action = StaleAction::Reissue
    })
    .await;
    let (link, _, old) = pending_link(&app, &acme, prefill()).await;
    let latest = publish_new_template_version(&app, &acme).await;

    let (status, body) = session_token(&app, &acme, &old).await;

    assert_eq!(status, 200, "{body}");
    let new = str_of(&body, "inquiry_id").to_owned();
    assert!(str_of(&body, "hosted_flow_url").contains(&new));
    assert_reissued(&app, &acme, &link, &old, &new, &latest).await;
    let opened = open_flow(&app, &browser(), str_of(&body, "hosted_flow_url")).await;
    assert_eq!(opened, 200, "the token opens the new inquiry");
}

#[tokio::test]
async fn with_the_refuse_policy_the_user_is_told_to_restart_and_the_api_gets_a_409() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    set_policy(&app, &acme, |p| {
        p.stale_version_action = StaleAction::Refuse
    })
    .await;
    let (link, bound, inquiry_id) = pending_link(&app, &acme, json!({})).await;
    publish_new_template_version(&app, &acme).await;
    let before = resumes(&app).await;

    let (status, page) = click(&bound, str_of(&link, "url")).await;
    assert_eq!(status, 409);
    assert!(page.contains("needs to be restarted"), "{page}");

    let (status, body) = session_token(&app, &acme, &inquiry_id).await;
    assert_eq!(status, 409);
    assert_api_error(&body, "conflict");
    assert_eq!(resumes(&app).await, before, "nothing was resumed");
    let trail = super::actions(&app, &acme).await;
    assert!(
        trail.contains(&"inquiry.resume_refused".to_owned()),
        "{trail:?}"
    );
}

#[tokio::test]
async fn with_the_resume_policy_an_outdated_inquiry_just_resumes() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let (link, bound, inquiry_id) = pending_link(&app, &acme, json!({})).await;
    publish_new_template_version(&app, &acme).await;
    let before = resumes(&app).await;

    let (status, location) = click(&bound, str_of(&link, "url")).await;

    assert_eq!(status, 302);
    assert_eq!(
        query_param(&location, "inquiry-id").as_deref(),
        Some(inquiry_id.as_str())
    );
    assert_eq!(resumes(&app).await - before, 1);
    assert_eq!(app.count_rows("inquiries").await, 1, "no new inquiry");
}

#[tokio::test]
async fn an_inquiry_older_than_the_policys_max_resume_age_is_refused_or_reissued_like_an_outdated_one(
) {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    set_policy(&app, &acme, |p| {
        p.stale_version_action = StaleAction::Refuse;
        p.max_resume_age_seconds = 3600;
    })
    .await;
    let (link, bound, inquiry_id) = pending_link(&app, &acme, prefill()).await;
    inquiries::Entity::update_many()
        .col_expr(
            inquiries::Column::CreatedAt,
            Expr::value(inquiry_portal::db::now() - 7200),
        )
        .exec(&app.db.connection)
        .await
        .unwrap();
    app.state.link_cache.invalidate_all();

    let (status, page) = click(&bound, str_of(&link, "url")).await;
    assert_eq!(status, 409);
    assert!(page.contains("needs to be restarted"));

    set_policy(&app, &acme, |p| {
        p.stale_version_action = StaleAction::Reissue
    })
    .await;
    let (status, body) = session_token(&app, &acme, &inquiry_id).await;
    assert_eq!(status, 200, "{body}");
    let new = str_of(&body, "inquiry_id").to_owned();
    let latest = version_of(&at_provider(&app, &inquiry_id).await);
    assert_ne!(new, inquiry_id);
    // Same version here: age alone made it stale.
    assert_eq!(version_of(&at_provider(&app, &new).await), latest);
    let (_, current) = app
        .api_get(&acme.key, &format!("/api/v1/links/{}", str_of(&link, "id")))
        .await;
    assert_eq!(current["inquiry_id"], new.as_str());
}

#[tokio::test]
async fn a_link_to_finish_in_one_sitting_opens_while_created_and_is_not_resumed_once_started() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let link = super::issue(&app, &acme, json!({"resume_on_click": "never"})).await;
    let inquiry_id = str_of(&link, "inquiry_id").to_owned();
    let person = browser();

    let (status, location) = click_and_continue(&person, str_of(&link, "url")).await;
    assert_eq!(status, 303);
    assert_eq!(
        query_param(&location, "inquiry-id").as_deref(),
        Some(inquiry_id.as_str())
    );
    assert!(query_param(&location, "session-token").is_none());

    start_flow(&app, &person, &inquiry_id).await;
    wait_for_status(&app, &acme, &inquiry_id, "pending").await;
    let before = resumes(&app).await;
    let (status, page) = click(&person, str_of(&link, "url")).await;
    assert!(status == 410 || status == 409, "{status}");
    assert!(
        page.contains("can&#39;t be resumed") || page.contains("can't be resumed"),
        "{page}"
    );
    assert_eq!(resumes(&app).await, before);
}
