use inquiry_portal::domain::Role;

use crate::support::{client, spawn_app, PASSWORD};

#[tokio::test]
async fn an_operator_connects_a_provider_template_to_a_tenant() {
    let app = spawn_app().await;
    app.create_operator("ops@portal.test").await;
    app.create_tenant("acme", "owner@acme.test").await;
    let demo = inquiry_portal::sandbox::ensure_demo_template(&app.db)
        .await
        .unwrap();
    let operator = client();
    app.login(&operator, "ops@portal.test").await;
    let page = operator
        .get(app.url("/operator/templates"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(&demo.template_id),
        "the provider's templates are listed"
    );
    let response = app
        .post_form(
            &operator,
            "/operator/templates",
            "/operator/templates",
            &[
                ("tenant", "acme"),
                ("template_id", demo.template_id.as_str()),
                ("name", "Know your customer"),
                ("default_expires_in_seconds", "86400"),
                ("allowed_fields", "name-first"),
                ("allowed_fields", "birthdate"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let owner = client();
    app.login(&owner, "owner@acme.test").await;
    let templates = owner
        .get(app.url("/templates"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(templates.contains("Know your customer"));
    assert!(templates.contains("name-first, birthdate"));
    assert!(
        templates.contains(&demo.version_id),
        "the current version was read from the provider"
    );
}

#[tokio::test]
async fn a_template_the_provider_does_not_know_or_already_connected_is_refused() {
    let app = spawn_app().await;
    app.create_operator("ops@portal.test").await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let connected = app.connect_demo_template(&tenant).await;
    let operator = client();
    app.login(&operator, "ops@portal.test").await;
    for (template_id, message) in [
        (
            "itmpl_unknown000000000000",
            "The provider has no template with this id.",
        ),
        (connected.provider_template_id.as_str(), "already connected"),
        ("nonsense", "itmpl_"),
    ] {
        let response = app
            .post_form(
                &operator,
                "/operator/templates",
                "/operator/templates",
                &[
                    ("tenant", "acme"),
                    ("template_id", template_id),
                    ("name", "X"),
                    ("default_expires_in_seconds", "3600"),
                ],
            )
            .await;
        assert_eq!(response.status(), 422, "{template_id}");
        let body = response.text().await.unwrap();
        assert!(body.contains(message), "{template_id}: {message}");
    }
    assert_eq!(app.count_rows("template_connections").await, 1);
}

#[tokio::test]
async fn tenant_users_cannot_connect_templates_and_see_only_their_own() {
    let app = spawn_app().await;
    let (acme, _) = app.create_tenant("acme", "owner@acme.test").await;
    let (globex, _) = app.create_tenant("globex", "owner@globex.test").await;
    app.connect_demo_template(&globex).await;
    app.create_user(&acme, "viewer@acme.test", Role::Viewer)
        .await;
    let viewer = client();
    app.login(&viewer, "viewer@acme.test").await;
    let page = viewer
        .get(app.url("/templates"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("No templates yet"),
        "globex's template is not shown to acme"
    );
    let response = app
        .post_form(
            &viewer,
            "/templates",
            "/operator/templates",
            &[("tenant", "acme"), ("template_id", "itmpl_x")],
        )
        .await;
    assert_eq!(response.status(), 403);
    let _ = PASSWORD;
}
