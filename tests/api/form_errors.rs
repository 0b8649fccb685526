//! A form that comes back with errors shows each one next to its field and sums them up at
//! the top, each summary item linking to its field; and the refused form changed nothing.

use crate::support::{client, spawn_app, TestApp, PASSWORD};

/// Asserts that `message` is in the page's error summary, linking to `#anchor`, and next to
/// the element `anchor` (in its `{anchor}-error` paragraph).
fn assert_shown(page: &str, anchor: &str, message: &str) {
    let start = page
        .find("class=\"error-summary\"")
        .unwrap_or_else(|| panic!("no error summary in {page}"));
    let summary = &page[start..start + page[start..].find("</div>").expect("summary ends")];
    let link = format!("<a href=\"#{anchor}\">{message}</a>");
    assert!(
        summary.contains(&link),
        "the summary lacks {link}: {summary}"
    );
    assert!(
        page.contains(&format!("id=\"{anchor}\"")),
        "nothing on the page has the id {anchor}"
    );
    let marker = format!("id=\"{anchor}-error\"");
    let at = page
        .find(&marker)
        .unwrap_or_else(|| panic!("no {marker} next to the field in {page}"));
    let next_to_field = &page[at..at + page[at..].find("</p>").expect("the error ends")];
    assert!(
        next_to_field.contains(message),
        "{message} is not next to its field: {next_to_field}"
    );
}

async fn issuer(app: &TestApp) -> (reqwest::Client, String) {
    let (tenant, owner) = app.create_tenant("acme", "owner@acme.test").await;
    let template = app.connect_demo_template(&tenant).await;
    let browser = client();
    app.login(&browser, &owner.email).await;
    (browser, template.provider_template_id)
}

async fn post_new_link(
    app: &TestApp,
    browser: &reqwest::Client,
    kind: &str,
    fields: &[(&str, &str)],
) -> (u16, String) {
    let response = app
        .post_form(
            browser,
            &format!("/links/new?kind={kind}"),
            "/links",
            fields,
        )
        .await;
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

async fn assert_nothing_issued(app: &TestApp) {
    assert_eq!(app.count_rows("links").await, 0);
    assert_eq!(
        app.sandbox_stats().await["inquiries_created"].as_u64(),
        Some(0)
    );
}

#[tokio::test]
async fn a_prefill_field_the_portal_does_not_know_is_named_next_to_the_prefill_and_at_the_top() {
    let app = spawn_app().await;
    let (browser, template) = issuer(&app).await;
    let (status, page) = post_new_link(
        &app,
        &browser,
        "dedicated",
        &[
            ("kind", "dedicated"),
            ("template_id", &template),
            ("lifetime", "86400"),
            ("resume_on_click", "same_browser"),
            ("fields[ssn]", "123-45-6789"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert_shown(
        &page,
        "field-prefill",
        "“ssn” is not a field the portal can prefill.",
    );
    assert_nothing_issued(&app).await;
}

#[tokio::test]
async fn an_unknown_resume_choice_is_named_next_to_the_choices_and_at_the_top() {
    let app = spawn_app().await;
    let (browser, template) = issuer(&app).await;
    let (status, page) = post_new_link(
        &app,
        &browser,
        "dedicated",
        &[
            ("kind", "dedicated"),
            ("template_id", &template),
            ("lifetime", "86400"),
            ("resume_on_click", "zzz"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert_shown(
        &page,
        "field-resume_on_click",
        "resume_on_click must be “same_browser”, “anyone” or “never”.",
    );
    assert_nothing_issued(&app).await;
}

#[tokio::test]
async fn prefill_on_a_static_link_is_refused_with_the_reason_shown_on_the_static_form() {
    let app = spawn_app().await;
    let (browser, template) = issuer(&app).await;
    let (status, page) = post_new_link(
        &app,
        &browser,
        "static",
        &[
            ("kind", "static"),
            ("template_id", &template),
            ("lifetime", "86400"),
            ("fields[name-first]", "Ana"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("New static link"), "{page}");
    assert_shown(
        &page,
        "field-prefill",
        "Static links are shared by many people and cannot be prefilled.",
    );
    assert_nothing_issued(&app).await;
}

#[tokio::test]
async fn a_field_of_the_new_link_form_is_named_at_the_top_too() {
    let app = spawn_app().await;
    let (browser, template) = issuer(&app).await;
    let long = "r".repeat(300);
    let (status, page) = post_new_link(
        &app,
        &browser,
        "dedicated",
        &[
            ("kind", "dedicated"),
            ("template_id", &template),
            ("reference_id", &long),
            ("lifetime", "custom"),
            ("custom_seconds", "0"),
            ("resume_on_click", "same_browser"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert_shown(
        &page,
        "field-reference_id",
        "A reference id is at most 255 characters long.",
    );
    assert_shown(
        &page,
        "field-custom_seconds",
        "The lifetime must be a positive number of seconds.",
    );
    assert_nothing_issued(&app).await;
}

#[tokio::test]
async fn the_settings_form_sums_up_its_errors_and_saves_nothing() {
    let app = spawn_app().await;
    let (tenant, owner) = app.create_tenant("acme", "owner@acme.test").await;
    let browser = client();
    app.login(&browser, &owner.email).await;
    let response = app
        .post_form(
            &browser,
            "/settings",
            "/settings",
            &[
                ("default_link_seconds", "86400"),
                ("max_link_seconds", "864000"),
                ("access_link_seconds", "86400"),
                ("max_resume_age_seconds", "86400"),
                ("stale_version_action", "shrug"),
                ("min_token_remaining_seconds", "900"),
                ("resumes_per_inquiry_per_hour", "0"),
                ("access_links_per_inquiry_per_hour", "20"),
                ("api_requests_per_minute", "600"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert_shown(
        &page,
        "field-resumes_per_inquiry_per_hour",
        "A whole number from 1 to 1000.",
    );
    assert_shown(
        &page,
        "field-stale_version_action",
        "Choose resume, reissue or refuse.",
    );
    let policy = inquiry_portal::repo::policies::get(
        &app.db.connection,
        inquiry_portal::repo::TenantScope::new(tenant.id),
    )
    .await
    .unwrap();
    assert_eq!(policy.updated_at, 0, "the policy was not saved");
}

#[tokio::test]
async fn the_forms_for_users_keys_and_tenants_sum_up_their_errors() {
    let app = spawn_app().await;
    app.create_operator("ops@portal.test").await;
    let (_, owner) = app.create_tenant("acme", "owner@acme.test").await;
    let browser = client();
    app.login(&browser, &owner.email).await;
    let users_before = app.count_rows("users").await;

    let response = app
        .post_form(
            &browser,
            "/users",
            "/users",
            &[("email", "not an email"), ("role", "owner")],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert_shown(
        &page,
        "field-email",
        "Enter an email address like name@example.com.",
    );
    assert_eq!(app.count_rows("users").await, users_before);

    let response = app
        .post_form(&browser, "/api-keys", "/api-keys", &[("name", "  ")])
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert_shown(
        &page,
        "field-name",
        "Name the key after what uses it, like &quot;Backend production&quot;.",
    );
    assert_eq!(app.count_rows("api_keys").await, 0);

    let operator = client();
    app.login(&operator, "ops@portal.test").await;
    let tenants_before = app.count_rows("tenants").await;
    let response = app
        .post_form(
            &operator,
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
    let page = response.text().await.unwrap();
    assert_shown(
        &page,
        "field-slug",
        "A tenant with this slug already exists.",
    );
    assert_shown(
        &page,
        "field-admin_email",
        "A user with this email already exists.",
    );
    assert_eq!(app.count_rows("tenants").await, tenants_before);
}

#[tokio::test]
async fn the_password_and_template_forms_sum_up_their_errors() {
    let app = spawn_app().await;
    app.create_operator("ops@portal.test").await;
    app.create_tenant("acme", "owner@acme.test").await;
    let owner = client();
    app.login(&owner, "owner@acme.test").await;
    let response = app
        .post_form(
            &owner,
            "/account",
            "/account/password",
            &[
                ("current_password", "not my password at all"),
                ("new_password", "a brand new password"),
                ("confirm_password", "a brand new password"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert_shown(
        &page,
        "field-current_password",
        "That is not your current password.",
    );

    let operator = client();
    app.login(&operator, "ops@portal.test").await;
    let response = app
        .post_form(
            &operator,
            "/operator/templates",
            "/operator/templates",
            &[
                ("tenant", "acme"),
                ("template_id", "itmpl_unknown000000000000"),
                ("name", "X"),
                ("default_expires_in_seconds", "3600"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert_shown(
        &page,
        "field-template_id",
        "The provider has no template with this id.",
    );
    assert_eq!(app.count_rows("template_connections").await, 0);
}

#[tokio::test]
async fn durations_are_typed_as_a_number_and_a_unit_in_the_link_form_and_the_settings() {
    let app = spawn_app().await;
    let (browser, template) = issuer(&app).await;
    let (status, _) = post_new_link(
        &app,
        &browser,
        "dedicated",
        &[
            ("kind", "dedicated"),
            ("template_id", &template),
            ("lifetime", "custom"),
            ("custom_seconds_amount", "3"),
            ("custom_seconds_unit", "hours"),
            ("resume_on_click", "same_browser"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    use sea_orm::EntityTrait;
    let links = inquiry_portal::entities::links::Entity::find()
        .all(&app.db.connection)
        .await
        .unwrap();
    let link = &links[0];
    assert_eq!(link.expires_at - link.created_at, 3 * 3600);

    let form = browser.get(app.url("/settings")).send().await.unwrap();
    let form = form.text().await.unwrap();
    assert!(
        form.contains("name=\"max_link_seconds_amount\"")
            && form.contains("<option value=\"days\" selected>days</option>"),
        "the settings show durations in days: {form}"
    );
    let response = app
        .post_form(
            &browser,
            "/settings",
            "/settings",
            &[
                ("default_link_seconds_amount", "2"),
                ("default_link_seconds_unit", "days"),
                ("max_link_seconds_amount", "10"),
                ("max_link_seconds_unit", "days"),
                ("access_link_seconds_amount", "90"),
                ("access_link_seconds_unit", "minutes"),
                ("max_resume_age_seconds_amount", "1"),
                ("max_resume_age_seconds_unit", "days"),
                ("stale_version_action", "resume"),
                ("min_token_remaining_seconds_amount", "15"),
                ("min_token_remaining_seconds_unit", "minutes"),
                ("resumes_per_inquiry_per_hour", "10"),
                ("access_links_per_inquiry_per_hour", "20"),
                ("api_requests_per_minute", "600"),
                ("reminder_offsets_seconds", ""),
                ("self_service_extension_seconds_amount", "0"),
                ("self_service_extension_seconds_unit", "hours"),
                ("static_inquiries_per_ip_per_hour", "20"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let policy = inquiry_portal::repo::policies::get(
        &app.db.connection,
        inquiry_portal::repo::TenantScope::new(link.tenant_id),
    )
    .await
    .unwrap();
    assert_eq!(
        (
            policy.default_link_seconds,
            policy.max_link_seconds,
            policy.access_link_seconds
        ),
        (2 * 86_400, 10 * 86_400, 90 * 60)
    );
}
