//! The new-link form offers only the prefill fields the chosen template allows.

use inquiry_portal::{
    entities::{template_connections, tenants},
    repo::template_connections::NewConnection,
};

use crate::support::{client, csrf_token, form_key_for, spawn_app, TestApp};

/// Connects a template that allows only the first name; named to sort before "Demo KYC".
async fn names_only(
    app: &TestApp,
    tenant: &tenants::Model,
    id: &str,
) -> template_connections::Model {
    inquiry_portal::templates::insert_connection(
        &app.db,
        tenant,
        "system:test",
        NewConnection {
            provider_template_id: id,
            name: "A names-only check",
            current_version_id: None,
            default_expires_in_seconds: 86_400,
            allowed_fields: &["name-first".to_owned()],
        },
    )
    .await
    .expect("connect the names-only template")
}

/// The prefill inputs of a page: their field names, and whether each is enabled (sent).
fn prefill_inputs(html: &str) -> Vec<(String, bool)> {
    html.split("<input")
        .skip(1)
        .filter_map(|rest| {
            let tag = &rest[..rest.find('>')?];
            let name = tag.split("name=\"fields[").nth(1)?.split(']').next()?;
            Some((name.to_owned(), !tag.contains(" disabled")))
        })
        .collect()
}

fn enabled_prefill(html: &str) -> Vec<String> {
    prefill_inputs(html)
        .into_iter()
        .filter(|(_, enabled)| *enabled)
        .map(|(name, _)| name)
        .collect()
}

async fn page(client: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let response = client.get(app.url(path)).send().await.expect("GET");
    (
        response.status().as_u16(),
        response.text().await.expect("body"),
    )
}

#[tokio::test]
async fn the_form_offers_only_the_prefill_fields_of_the_chosen_template_and_the_query_switches_it()
{
    let app = spawn_app().await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let demo = app.connect_demo_template(&tenant).await;
    let narrow = names_only(&app, &tenant, "itmpl_namesonly0001").await;
    let owner = client();
    app.login(&owner, "owner@acme.test").await;

    let (status, first) = page(&owner, &app, "/links/new").await;
    assert_eq!(status, 200);
    assert_eq!(
        enabled_prefill(&first),
        ["name-first"],
        "without a choice the first template's fields are offered"
    );
    assert_eq!(
        prefill_inputs(&first).len(),
        12,
        "the others are rendered hidden and disabled, for the script to switch"
    );
    assert!(first.contains("data-fields=\"name-first\""));
    assert!(
        first.contains("Show this template&#39;s fields")
            || first.contains("Show this template's fields")
    );

    let (status, wide) = page(
        &owner,
        &app,
        &format!("/links/new?template_id={}", demo.provider_template_id),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        enabled_prefill(&wide).len(),
        12,
        "the demo allows every field"
    );
    let (_, back) = page(
        &owner,
        &app,
        &format!("/links/new?template_id={}", narrow.provider_template_id),
    )
    .await;
    assert_eq!(enabled_prefill(&back), ["name-first"]);
}

#[tokio::test]
async fn showing_another_templates_fields_without_javascript_keeps_what_was_typed() {
    let app = spawn_app().await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let demo = app.connect_demo_template(&tenant).await;
    names_only(&app, &tenant, "itmpl_namesonly0001").await;
    let owner = client();
    app.login(&owner, "owner@acme.test").await;
    let (_, form) = page(&owner, &app, "/links/new").await;
    let token = csrf_token(&form);
    let key = form_key_for(&form, "/links").expect("the form's key");
    let response = owner
        .post(app.url("/links/new"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("form_key", key.as_str()),
            ("kind", "dedicated"),
            ("template_id", demo.provider_template_id.as_str()),
            ("reference_id", "case-7"),
            ("fields[name-first]", "Ada"),
        ])
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 200);
    let shown = response.text().await.expect("body");
    assert_eq!(enabled_prefill(&shown).len(), 12, "the demo's fields now");
    assert!(shown.contains("value=\"Ada\"") && shown.contains("value=\"case-7\""));
    assert!(
        shown.contains(&format!("value=\"{key}\"")),
        "the one-time key is kept"
    );
    assert_eq!(
        app.count_rows("links").await,
        0,
        "showing fields issues nothing"
    );
}

#[tokio::test]
async fn a_refused_form_comes_back_with_its_template_and_values() {
    let app = spawn_app().await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    app.connect_demo_template(&tenant).await;
    let narrow = names_only(&app, &tenant, "itmpl_namesonly0001").await;
    let owner = client();
    app.login(&owner, "owner@acme.test").await;
    let response = app
        .submit_form(
            &owner,
            "/links/new",
            "/links",
            &[
                ("kind", "dedicated"),
                ("template_id", narrow.provider_template_id.as_str()),
                ("fields[name-first]", "Ada"),
                ("fields[phone-number]", "+4915112345678"),
                ("lifetime", "86400"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let shown = response.text().await.expect("body");
    assert!(shown.contains("does not allow prefilling Phone"));
    assert_eq!(
        enabled_prefill(&shown),
        ["name-first", "phone-number"],
        "the refused value stays in view, at its error, to be cleared"
    );
    assert!(shown.contains("value=\"Ada\""));
    assert!(shown.contains(&format!(
        "value=\"{}\" data-fields=\"name-first\" selected",
        narrow.provider_template_id
    )));
    assert_eq!(app.count_rows("links").await, 0);
}

#[tokio::test]
async fn a_template_id_that_is_not_the_tenants_own_is_a_400_that_names_nothing() {
    let app = spawn_app().await;
    let (acme, _) = app.create_tenant("acme", "owner@acme.test").await;
    let (globex, _) = app.create_tenant("globex", "owner@globex.test").await;
    app.connect_demo_template(&acme).await;
    let theirs = names_only(&app, &globex, "itmpl_globexonly0001").await;
    let owner = client();
    app.login(&owner, "owner@acme.test").await;
    let mut answers = Vec::new();
    for id in [
        theirs.provider_template_id.as_str(),
        "itmpl_nothinglikeit",
        "nonsense",
    ] {
        let (status, body) = page(&owner, &app, &format!("/links/new?template_id={id}")).await;
        assert_eq!(status, 400, "{id}");
        assert!(
            body.contains("names no template connected to this tenant"),
            "{id}"
        );
        assert!(
            !body.contains("names-only"),
            "nothing of globex's template shows"
        );
        answers.push(body.replace(id, "ID"));
    }
    assert_eq!(
        answers[0], answers[1],
        "another tenant's template reads as unknown"
    );
}
