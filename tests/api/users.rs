use inquiry_portal::domain::Role;

use crate::support::{client, spawn_app, PASSWORD};

#[tokio::test]
async fn an_operator_creates_a_tenant_whose_owner_can_log_in() {
    let app = spawn_app().await;
    app.create_operator("ops@portal.test").await;
    let http = client();
    app.login(&http, "ops@portal.test").await;
    let response = app
        .post_form(
            &http,
            "/operator/tenants",
            "/operator/tenants",
            &[
                ("slug", "north-bank"),
                ("name", "North Bank"),
                ("admin_email", "boss@north.test"),
                ("admin_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let page = http
        .get(app.url("/operator/tenants"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("North Bank"));
    app.login(&client(), "boss@north.test").await;
}

#[tokio::test]
async fn a_duplicate_slug_or_email_is_refused_with_a_message() {
    let app = spawn_app().await;
    app.create_operator("ops@portal.test").await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    app.login(&http, "ops@portal.test").await;
    let before = app.count_rows("tenants").await;
    let response = app
        .post_form(
            &http,
            "/operator/tenants",
            "/operator/tenants",
            &[
                ("slug", "acme"),
                ("name", "Acme Again"),
                ("admin_email", "owner@acme.test"),
                ("admin_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(body.contains("A tenant with this slug already exists."));
    assert!(body.contains("A user with this email already exists."));
    assert!(body.contains("value=\"Acme Again\""));
    assert_eq!(app.count_rows("tenants").await, before);
}

#[tokio::test]
async fn tenant_users_cannot_reach_the_operator_area() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    let response = http.get(app.url("/operator/tenants")).send().await.unwrap();
    assert_eq!(response.status(), 403);
    let post = app
        .post_form(
            &http,
            "/",
            "/operator/tenants",
            &[
                ("slug", "evil"),
                ("name", "Evil"),
                ("admin_email", "e@evil.test"),
                ("admin_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(post.status(), 403);
    assert_eq!(app.count_rows("tenants").await, 1);
}

#[tokio::test]
async fn operators_are_not_members_of_tenants() {
    let app = spawn_app().await;
    app.create_operator("ops@portal.test").await;
    let http = client();
    app.login(&http, "ops@portal.test").await;
    assert_eq!(
        http.get(app.url("/users")).send().await.unwrap().status(),
        403
    );
}

#[tokio::test]
async fn an_issuer_cannot_reach_owner_pages() {
    let app = spawn_app().await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    app.create_user(&tenant, "issuer@acme.test", Role::Issuer)
        .await;
    let http = client();
    app.login(&http, "issuer@acme.test").await;
    assert_eq!(
        http.get(app.url("/users")).send().await.unwrap().status(),
        403
    );
    assert_eq!(http.get(app.url("/")).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn a_viewer_cannot_post_forms_that_change_anything() {
    let app = spawn_app().await;
    let (tenant, owner) = app.create_tenant("acme", "owner@acme.test").await;
    app.create_user(&tenant, "viewer@acme.test", Role::Viewer)
        .await;
    let http = client();
    app.login(&http, "viewer@acme.test").await;
    let before = app.count_rows("users").await;
    let add = app
        .post_form(
            &http,
            "/",
            "/users",
            &[
                ("email", "x@acme.test"),
                ("role", "owner"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(add.status(), 403);
    let demote = app
        .post_form(
            &http,
            "/",
            &format!("/users/{}/role", owner.public_id),
            &[("role", "viewer")],
        )
        .await;
    assert_eq!(demote.status(), 403);
    assert_eq!(app.count_rows("users").await, before);
    let owner_row = inquiry_portal::repo::users::find_by_id(&app.db.connection, owner.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(owner_row.role, Role::Owner);
}

#[tokio::test]
async fn another_tenants_user_ids_answer_404_and_stay_unchanged() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let (_, other_owner) = app.create_tenant("globex", "owner@globex.test").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    for action in ["role", "disable", "enable", "end-sessions"] {
        let response = app
            .post_form(
                &http,
                "/users",
                &format!("/users/{}/{action}", other_owner.public_id),
                &[("role", "viewer")],
            )
            .await;
        assert_eq!(response.status(), 404, "{action}");
    }
    let row = inquiry_portal::repo::users::find_by_id(&app.db.connection, other_owner.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (row.role.as_str(), row.disabled, row.auth_version),
        ("owner", false, 1)
    );
}

#[tokio::test]
async fn the_last_owner_cannot_be_demoted_or_disabled() {
    let app = spawn_app().await;
    let (tenant, owner) = app.create_tenant("acme", "owner@acme.test").await;
    let second = app
        .create_user(&tenant, "second@acme.test", Role::Owner)
        .await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    // Demote the second owner: fine, one remains.
    app.post_form(
        &http,
        "/users",
        &format!("/users/{}/role", second.public_id),
        &[("role", "issuer")],
    )
    .await;
    // Now log in as someone else? The only owner is the current user, who cannot change themself.
    let response = app
        .post_form(
            &http,
            "/users",
            &format!("/users/{}/disable", owner.public_id),
            &[],
        )
        .await;
    assert_eq!(response.status(), 303);
    let page = http
        .get(app.url("/users"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("You cannot change your own access"));
    let row = inquiry_portal::repo::users::find_by_id(&app.db.connection, owner.id)
        .await
        .unwrap()
        .unwrap();
    assert!(!row.disabled);
}

#[tokio::test]
async fn an_operator_lowers_a_tenants_ceiling_and_its_policy_follows() {
    let app = spawn_app().await;
    app.create_operator("ops@portal.test").await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let operator = client();
    app.login(&operator, "ops@portal.test").await;
    let response = app
        .post_form(
            &operator,
            "/operator/tenants",
            "/operator/tenants/acme/ceiling",
            &[("ceiling_days", "3")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let policy = inquiry_portal::repo::policies::get(
        &app.db.connection,
        inquiry_portal::repo::TenantScope::new(tenant.id),
    )
    .await
    .unwrap();
    assert_eq!(policy.ceiling_link_seconds, 3 * 86_400);
    assert!(policy.max_link_seconds <= policy.ceiling_link_seconds);
    assert!(policy.default_link_seconds <= policy.max_link_seconds);
    // The owner cannot raise the maximum above the operator's ceiling.
    let owner = client();
    app.login(&owner, "owner@acme.test").await;
    let refused = app
        .post_form(
            &owner,
            "/settings",
            "/settings",
            &[
                ("default_link_seconds", "86400"),
                ("max_link_seconds", "864000"),
                ("access_link_seconds", "86400"),
                ("max_resume_age_seconds", "86400"),
                ("stale_version_action", "resume"),
                ("min_token_remaining_seconds", "900"),
                ("resumes_per_inquiry_per_hour", "20"),
                ("access_links_per_inquiry_per_hour", "20"),
                ("api_requests_per_minute", "600"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let bad = app
        .post_form(
            &operator,
            "/operator/tenants",
            "/operator/tenants/acme/ceiling",
            &[("ceiling_days", "0")],
        )
        .await;
    assert_eq!(bad.status(), 303);
    let unknown = app
        .post_form(
            &operator,
            "/operator/tenants",
            "/operator/tenants/nobody/ceiling",
            &[("ceiling_days", "3")],
        )
        .await;
    assert_eq!(unknown.status(), 404);
    let as_owner = app
        .post_form(
            &owner,
            "/settings",
            "/operator/tenants/acme/ceiling",
            &[("ceiling_days", "300")],
        )
        .await;
    assert_eq!(as_owner.status(), 403);
}
