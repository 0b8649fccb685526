//! The operator's sandbox page: templates, versions, intervals.

use inquiry_portal::config::ProviderKind;

use crate::{
    support::sandbox::{demo, get, json_of, publish_new_version},
    support::{client, spawn_app, spawn_app_with},
};

#[tokio::test]
async fn the_sandbox_page_is_for_operators_only() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let owner = client();
    app.login(&owner, "owner@acme.test").await;
    assert_eq!(
        owner
            .get(app.url("/operator/sandbox"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    app.create_operator("ops@portal.test").await;
    let operator = client();
    app.login(&operator, "ops@portal.test").await;
    demo(&app).await;
    let page = operator
        .get(app.url("/operator/sandbox"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Demo KYC"));
}

#[tokio::test]
async fn publishing_a_version_on_the_page_changes_the_latest_version() {
    let app = spawn_app().await;
    let template = demo(&app).await;
    app.create_operator("ops@portal.test").await;
    let operator = client();
    app.login(&operator, "ops@portal.test").await;
    let response = publish_new_version(&app, &operator, &template.template_id).await;
    assert_eq!(response.status(), 303);
    let latest = json_of(
        get(
            &app,
            &format!("/inquiry-templates/{}", template.template_id),
        )
        .await,
    )
    .await;
    let latest_id =
        latest["data"]["relationships"]["latest-published-version"]["data"]["id"].clone();
    assert_ne!(latest_id, serde_json::json!(template.version_id));
}

#[tokio::test]
async fn bad_intervals_are_shown_again_with_errors_and_change_nothing() {
    let app = spawn_app().await;
    let template = demo(&app).await;
    app.create_operator("ops@portal.test").await;
    let operator = client();
    app.login(&operator, "ops@portal.test").await;
    let path = format!(
        "/operator/sandbox/templates/{}/intervals",
        template.template_id
    );
    let refused = app
        .post_form(
            &operator,
            "/operator/sandbox",
            &path,
            &[
                ("after_create", "soon"),
                ("after_start", "60"),
                ("after_resume", "-5"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(page.contains("value=\"soon\""), "the typed value is kept");
    assert!(page.contains("field-error"));
    let version = json_of(
        get(
            &app,
            &format!("/inquiry-template-versions/{}", template.version_id),
        )
        .await,
    )
    .await;
    assert_eq!(
        version["data"]["attributes"]["expiration-after-start-interval-seconds"],
        86400
    );
    let saved = app
        .post_form(
            &operator,
            "/operator/sandbox",
            &path,
            &[
                ("after_create", "120"),
                ("after_start", "60"),
                ("after_resume", "30"),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303);
    let version = json_of(
        get(
            &app,
            &format!("/inquiry-template-versions/{}", template.version_id),
        )
        .await,
    )
    .await;
    assert_eq!(
        version["data"]["attributes"]["expiration-after-create-interval-seconds"],
        120
    );
    assert_eq!(version["data"]["attributes"]["is-latest-published"], true);
}

#[tokio::test]
async fn an_operator_creates_a_template_with_its_first_version() {
    let app = spawn_app().await;
    app.create_operator("ops@portal.test").await;
    let operator = client();
    app.login(&operator, "ops@portal.test").await;
    let empty_name = app
        .post_form(
            &operator,
            "/operator/sandbox",
            "/operator/sandbox/templates",
            &[
                ("name", " "),
                ("after_create", "60"),
                ("after_start", "60"),
                ("after_resume", "60"),
            ],
        )
        .await;
    assert_eq!(empty_name.status(), 422);
    assert_eq!(app.count_rows("sandbox_templates").await, 0);
    let created = app
        .post_form(
            &operator,
            "/operator/sandbox",
            "/operator/sandbox/templates",
            &[
                ("name", "Quick expiry"),
                ("after_create", "60"),
                ("after_start", "60"),
                ("after_resume", "60"),
            ],
        )
        .await;
    assert_eq!(created.status(), 303);
    let listed = json_of(get(&app, "/inquiry-templates").await).await;
    assert_eq!(listed["data"][0]["attributes"]["name"], "Quick expiry");
}

#[tokio::test]
async fn in_persona_mode_the_sandbox_page_does_not_exist() {
    let app = spawn_app_with(|settings| {
        settings.provider = ProviderKind::Persona;
        settings.persona_api_key = Some("persona_test_key".into());
    })
    .await;
    app.create_operator("ops@portal.test").await;
    let operator = client();
    app.login(&operator, "ops@portal.test").await;
    assert_eq!(
        operator
            .get(app.url("/operator/sandbox"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

#[tokio::test]
async fn intervals_are_typed_as_a_number_and_a_unit_and_shown_back_in_words() {
    let app = spawn_app().await;
    let template = demo(&app).await;
    app.create_operator("ops@portal.test").await;
    let operator = client();
    app.login(&operator, "ops@portal.test").await;
    let path = format!(
        "/operator/sandbox/templates/{}/intervals",
        template.template_id
    );
    let version_path = format!("/inquiry-template-versions/{}", template.version_id);
    let refused = app
        .post_form(
            &operator,
            "/operator/sandbox",
            &path,
            &[
                ("after_create_amount", "-2"),
                ("after_create_unit", "hours"),
                ("after_start_amount", "1"),
                ("after_start_unit", "days"),
                ("after_resume_amount", "30"),
                ("after_resume_unit", "minutes"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    let error_id = format!("id=\"{}-after_create-error\"", template.template_id);
    assert!(page.contains(&error_id), "the error is at its field");
    let version = json_of(get(&app, &version_path).await).await;
    assert_eq!(
        version["data"]["attributes"]["expiration-after-start-interval-seconds"], 86400,
        "a refused form changes nothing"
    );

    let saved = app
        .post_form(
            &operator,
            "/operator/sandbox",
            &path,
            &[
                ("after_create_amount", "2"),
                ("after_create_unit", "hours"),
                ("after_start_amount", "1"),
                ("after_start_unit", "days"),
                ("after_resume_amount", "30"),
                ("after_resume_unit", "minutes"),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303);
    let version = json_of(get(&app, &version_path).await).await;
    let attributes = &version["data"]["attributes"];
    assert_eq!(attributes["expiration-after-create-interval-seconds"], 7200);
    assert_eq!(attributes["expiration-after-resume-interval-seconds"], 1800);
    let page = operator
        .get(app.url("/operator/sandbox"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("2 hours"),
        "the versions table reads in words"
    );
    let amount = format!(
        "id=\"{}-after_create-amount\" name=\"after_create_amount\"",
        template.template_id
    );
    let input_at = page.find(&amount).expect("the amount input");
    let rest = &page[input_at..];
    assert!(rest[..rest.find('>').unwrap()].contains("value=\"2\""));
    let unit_select = &rest[rest.find("<select").unwrap()..];
    assert!(unit_select[..unit_select.find("</select>").unwrap()]
        .contains("<option value=\"hours\" selected>"));
}
