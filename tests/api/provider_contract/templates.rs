//! Templates and their versions.

use super::*;

#[tokio::test]
async fn templates_and_their_versions_are_listed_and_retrieved() {
    let mock = MockProvider::start(vec![
        Canned::fixture(200, "list_templates.json"),
        Canned::fixture(200, "template.json"),
        Canned::fixture(200, "list_template_versions.json"),
    ]);
    let client = mock.client();
    let template_id = TemplateId::parse("itmpl_mNKRtWCMWB9Lbccc85DjgJnK").unwrap();

    let templates = client.list_templates().await.unwrap();
    let template = client.retrieve_template(&template_id).await.unwrap();
    let versions = client.list_template_versions(&template_id).await.unwrap();

    let sent = mock.requests();
    assert_get(&sent[0], "/api/v1/inquiry-templates");
    assert_eq!(query(&sent[0]), vec![("page[size]", "100")]);
    assert_get(
        &sent[1],
        "/api/v1/inquiry-templates/itmpl_mNKRtWCMWB9Lbccc85DjgJnK",
    );
    assert_get(&sent[2], "/api/v1/inquiry-template-versions");
    assert_eq!(
        query(&sent[2]),
        vec![
            (
                "filter[inquiry-template-id]",
                "itmpl_mNKRtWCMWB9Lbccc85DjgJnK"
            ),
            ("page[size]", "100")
        ]
    );
    assert_eq!(templates.len(), 2);
    assert_eq!(templates[0].name, "KYC basic");
    assert_eq!(template.id, template_id);
    assert_eq!(
        template.latest_published_version_id,
        Some(TemplateVersionId::parse("itmplv_1ivdvZUKPLAtWgsQdEvmi6wj").unwrap())
    );
    assert_eq!(versions.len(), 2);
    assert!(versions[0].is_published() && versions[0].live);
    assert_eq!(versions[0].template_id, Some(template_id));
    assert_eq!(
        versions[0].expiration_after_create_interval_seconds,
        Some(86_400)
    );
    assert_eq!(versions[0].expiration_after_start_interval_seconds, None);
    assert!(!versions[1].is_published());
}

#[tokio::test]
async fn template_lists_follow_the_next_cursor_to_the_last_page() {
    let mut first = fixture_json("list_templates.json");
    first["links"]["next"] =
        json!("/api/v1/inquiry-templates?page%5Bafter%5D=itmpl_Second00000000000000000");
    let mock = MockProvider::start(vec![
        Canned::json(200, first.to_string()),
        Canned::fixture(200, "list_templates.json"),
    ]);

    let templates = mock.client().list_templates().await.unwrap();

    let sent = mock.requests();
    assert_eq!(sent.len(), 2);
    assert!(query(&sent[1]).contains(&("page[after]", "itmpl_Second00000000000000000")));
    assert_eq!(templates.len(), 4);
}
