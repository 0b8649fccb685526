//! One login in two tenants: the switcher, the session's scope, per-membership access.

use inquiry_portal::{
    accounts::team,
    domain::{Email, Role},
    entities::tenants,
    repo::{self, TenantScope},
};
use serde_json::json;

use super::{signed_in, switch_to};
use crate::support::{spawn_app, TestApp};

/// acme and globex, and `shared@both.test`: owner in acme (its first tenant), issuer in globex.
async fn two_tenants_one_login(app: &TestApp) -> (tenants::Model, tenants::Model) {
    let (acme, _) = app.create_tenant("acme", "owner@acme.test").await;
    let (globex, _) = app.create_tenant("globex", "owner@globex.test").await;
    let shared = app
        .create_user(&acme, "shared@both.test", Role::Owner)
        .await;
    team::add_member(
        &app.db.connection,
        TenantScope::new(globex.id),
        &shared,
        Role::Issuer,
        "system:test",
    )
    .await
    .unwrap();
    (acme, globex)
}

async fn page(app: &TestApp, http: &reqwest::Client, path: &str) -> (u16, String) {
    let response = http.get(app.url(path)).send().await.unwrap();
    (
        response.status().as_u16(),
        response.text().await.unwrap_or_default(),
    )
}

async fn issue_with_reference(app: &TestApp, tenant: &tenants::Model, reference: &str) {
    let template = app.connect_demo_template(tenant).await.provider_template_id;
    let key = app.api_key(tenant).await;
    app.issue_dedicated(&key, &template, json!({"reference_id": reference}))
        .await;
}

#[tokio::test]
async fn a_login_in_two_tenants_switches_between_them_and_sees_each_tenants_links_only() {
    let app = spawn_app().await;
    let (acme, globex) = two_tenants_one_login(&app).await;
    issue_with_reference(&app, &acme, "acme-case-1").await;
    issue_with_reference(&app, &globex, "globex-case-1").await;
    let shared = signed_in(&app, "shared@both.test").await;

    let (_, links) = page(&app, &shared, "/links").await;
    assert!(
        links.contains("acme-case-1") && !links.contains("globex-case-1"),
        "{links}"
    );
    assert!(
        links.contains("Switch tenant"),
        "the switcher is shown: {links}"
    );
    assert_eq!(page(&app, &shared, "/users").await.0, 200, "owner in acme");

    let before = shared.get(app.url("/")).send().await.unwrap();
    assert_eq!(before.status(), 200);
    assert_eq!(switch_to(&app, &shared, "globex").await, 303);
    let (_, links) = page(&app, &shared, "/links").await;
    assert!(
        links.contains("globex-case-1") && !links.contains("acme-case-1"),
        "{links}"
    );
    assert!(
        links.contains("You are now working in Tenant globex"),
        "{links}"
    );
    assert_eq!(
        page(&app, &shared, "/users").await.0,
        403,
        "issuer in globex"
    );
    assert_eq!(
        app.count_rows("audit_events WHERE action = 'session.tenant_switched'")
            .await,
        1
    );

    assert_eq!(switch_to(&app, &shared, "acme").await, 303);
    let (_, links) = page(&app, &shared, "/links").await;
    assert!(
        links.contains("acme-case-1") && !links.contains("globex-case-1"),
        "{links}"
    );
}

#[tokio::test]
async fn the_switcher_lists_only_the_logins_own_memberships_and_refuses_another_tenant() {
    let app = spawn_app().await;
    two_tenants_one_login(&app).await;
    app.create_tenant("initech", "owner@initech.test").await;
    let shared = signed_in(&app, "shared@both.test").await;
    let (_, dashboard) = page(&app, &shared, "/").await;
    assert!(dashboard.contains("value=\"acme\"") && dashboard.contains("value=\"globex\""));
    assert!(!dashboard.contains("initech"), "{dashboard}");

    for slug in ["initech", "nobody", ""] {
        assert_eq!(switch_to(&app, &shared, slug).await, 404, "{slug:?}");
    }
    let (_, dashboard) = page(&app, &shared, "/").await;
    assert!(
        dashboard.contains("<option value=\"acme\" selected"),
        "{dashboard}"
    );
    assert_eq!(
        app.count_rows("audit_events WHERE action = 'session.tenant_switched'")
            .await,
        0
    );
    let single = signed_in(&app, "owner@initech.test").await;
    let (_, page) = page(&app, &single, "/").await;
    assert!(!page.contains("Switch tenant"), "one tenant, no switcher");
    assert_eq!(switch_to(&app, &single, "acme").await, 404);
}

#[tokio::test]
async fn a_disabled_membership_cannot_be_switched_to_and_its_sessions_end() {
    let app = spawn_app().await;
    let (_, globex) = two_tenants_one_login(&app).await;
    let shared = signed_in(&app, "shared@both.test").await;
    assert_eq!(switch_to(&app, &shared, "globex").await, 303);

    let globex_owner = signed_in(&app, "owner@globex.test").await;
    let shared_login = repo::users::find_by_email(
        &app.db.connection,
        &Email::parse("shared@both.test").unwrap(),
    )
    .await
    .unwrap()
    .unwrap();
    let disable = app
        .post_form(
            &globex_owner,
            "/users",
            &format!("/users/{}/disable", shared_login.public_id),
            &[],
        )
        .await;
    assert_eq!(disable.status(), 303);

    let after = shared.get(app.url("/links")).send().await.unwrap();
    assert_eq!(after.status(), 303, "the session in globex ended");
    let shared = signed_in(&app, "shared@both.test").await;
    let (_, dashboard) = page(&app, &shared, "/").await;
    assert!(!dashboard.contains("Switch tenant"), "only acme is left");
    assert_eq!(switch_to(&app, &shared, "globex").await, 404);
    assert_eq!(
        page(&app, &shared, "/users").await.0,
        200,
        "still owner in acme"
    );
    let membership = repo::memberships::find(
        &app.db.connection,
        TenantScope::new(globex.id),
        shared_login.id,
    )
    .await
    .unwrap()
    .unwrap();
    assert!(membership.disabled);
}

#[tokio::test]
async fn role_changes_and_ending_sessions_act_on_one_membership() {
    let app = spawn_app().await;
    let (acme, _) = two_tenants_one_login(&app).await;
    let in_acme = signed_in(&app, "shared@both.test").await;
    let in_globex = signed_in(&app, "shared@both.test").await;
    assert_eq!(switch_to(&app, &in_globex, "globex").await, 303);

    let globex_owner = signed_in(&app, "owner@globex.test").await;
    let shared = repo::users::find_by_email(
        &app.db.connection,
        &Email::parse("shared@both.test").unwrap(),
    )
    .await
    .unwrap()
    .unwrap();
    let demote = app
        .post_form(
            &globex_owner,
            "/users",
            &format!("/users/{}/role", shared.public_id),
            &[("role", "viewer")],
        )
        .await;
    assert_eq!(demote.status(), 303);
    let ended = app
        .post_form(
            &globex_owner,
            "/users",
            &format!("/users/{}/end-sessions", shared.public_id),
            &[],
        )
        .await;
    assert_eq!(ended.status(), 303);

    assert_eq!(
        in_globex.get(app.url("/")).send().await.unwrap().status(),
        303,
        "the globex session ended"
    );
    assert_eq!(
        page(&app, &in_acme, "/users").await.0,
        200,
        "the acme session goes on"
    );
    let acme_membership =
        repo::memberships::find(&app.db.connection, TenantScope::new(acme.id), shared.id)
            .await
            .unwrap()
            .unwrap();
    assert_eq!(
        (acme_membership.role, acme_membership.disabled),
        (Role::Owner, false)
    );

    // The acme owner cannot reach the login's globex membership through acme's pages.
    let acme_owner = signed_in(&app, "owner@acme.test").await;
    let (_, users) = page(&app, &acme_owner, "/users").await;
    assert!(users.contains("shared@both.test") && !users.contains("owner@globex.test"));
}
