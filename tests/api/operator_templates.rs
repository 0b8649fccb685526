//! The operator's "connect a template" form.

use crate::support::{client, spawn_app};

#[tokio::test]
async fn an_operator_connects_a_template_with_the_prefill_fields_ticked_on_the_form() {
    let app = spawn_app().await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    app.create_operator("ops@portal.test").await;
    let demo = inquiry_portal::sandbox::ensure_demo_template(&app.db)
        .await
        .unwrap();
    let operator = client();
    app.login(&operator, "ops@portal.test").await;

    let response = app
        .post_form(
            &operator,
            "/operator/templates",
            "/operator/templates",
            &[
                ("tenant", "acme"),
                ("template_id", &demo.template_id),
                ("name", "Onboarding"),
                ("default_expires_in_seconds", "86400"),
                ("allowed_fields", "name-first"),
                ("allowed_fields", "birthdate"),
            ],
        )
        .await;

    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let connection = inquiry_portal::repo::template_connections::find_by_template(
        &app.db.connection,
        inquiry_portal::repo::TenantScope::new(tenant.id),
        &demo.template_id,
    )
    .await
    .unwrap()
    .expect("connected");
    assert_eq!(connection.name, "Onboarding");
    assert_eq!(
        connection.allowed_field_names(),
        ["name-first", "birthdate"]
    );
}
