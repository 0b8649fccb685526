//! The provider client against the embedded sandbox over real HTTP: the two halves were
//! written separately from Persona's documentation, so this is where they must agree.

use inquiry_portal::{
    domain::{ReferenceId, TemplateId},
    provider::{
        CreateInquiry, IdempotencyKey, InquiryStatus, ListInquiries, ProviderClient,
        ProviderConfig, TemplateRef,
    },
};

use crate::support::{spawn_app, TestApp};

async fn client_and_template(app: &TestApp) -> (ProviderClient, TemplateId) {
    let demo = inquiry_portal::sandbox::ensure_demo_template(&app.db)
        .await
        .unwrap();
    let client =
        ProviderClient::new(ProviderConfig::from_settings(&app.settings).unwrap()).unwrap();
    (client, TemplateId::parse(&demo.template_id).unwrap())
}

#[tokio::test]
async fn the_client_and_the_sandbox_agree_on_every_inquiry_operation() {
    let app = spawn_app().await;
    let (client, template) = client_and_template(&app).await;
    let reference = ReferenceId::parse("contract-1").unwrap();
    let mut create = CreateInquiry::new(TemplateRef::Template(template.clone()));
    create.reference_id = Some(reference.clone());
    create.fields.insert("name-first".into(), "Ana".into());
    create.auto_create_inquiry_session = true;
    create.expiration_after_create_interval_seconds = Some(3600);
    let created = client
        .create_inquiry(&create, &IdempotencyKey::generate())
        .await
        .unwrap();
    let inquiry = &created.inquiry;
    assert_eq!(inquiry.status, InquiryStatus::Created);
    assert_eq!(inquiry.reference_id.as_ref(), Some(&reference));
    assert_eq!(inquiry.template_id.as_ref(), Some(&template));
    assert!(inquiry.template_version_id.is_some());
    assert_eq!(
        inquiry.fields.get("name-first").and_then(|v| v.as_str()),
        Some("Ana")
    );
    assert!(inquiry.expires_at.is_some());
    assert!(created.session_token.is_some());

    let fetched = client.retrieve_inquiry(&inquiry.id, true).await.unwrap();
    assert_eq!(fetched.inquiry.id, inquiry.id);
    assert_eq!(fetched.sessions.len(), 1);

    let page = client
        .list_inquiries(&ListInquiries {
            reference_id: Some(reference),
            ..ListInquiries::default()
        })
        .await
        .unwrap();
    assert_eq!(page.inquiries.len(), 1);

    let expired = client
        .expire_inquiry(&inquiry.id, &IdempotencyKey::generate())
        .await
        .unwrap();
    assert_eq!(expired.status, InquiryStatus::Expired);
    let refused = client
        .generate_one_time_link(&inquiry.id, &IdempotencyKey::generate())
        .await;
    assert!(matches!(
        refused,
        Err(inquiry_portal::provider::ProviderError::Conflict { .. })
    ));

    let resumed = client
        .resume_inquiry(&inquiry.id, &IdempotencyKey::generate())
        .await
        .unwrap();
    assert_eq!(resumed.inquiry.status, InquiryStatus::Pending);
    assert!(!resumed.session_token.expose().is_empty());
    let link = client
        .generate_one_time_link(&inquiry.id, &IdempotencyKey::generate())
        .await
        .unwrap();
    assert!(link.expose().starts_with(&app.url("/sandbox/verify?code=")));
}

#[tokio::test]
async fn the_client_reads_the_sandboxs_templates_and_versions() {
    let app = spawn_app().await;
    let (client, template) = client_and_template(&app).await;
    let templates = client.list_templates().await.unwrap();
    assert!(templates
        .iter()
        .any(|t| t.id == template && t.name == "Demo KYC"));
    let before = inquiry_portal::templates::latest_version(&client, &template)
        .await
        .unwrap()
        .unwrap();
    inquiry_portal::sandbox::templates::publish_new_version(&app.db, template.as_str())
        .await
        .unwrap();
    let after = inquiry_portal::templates::latest_version(&client, &template)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(before, after, "a published version becomes the latest");
    let versions = client.list_template_versions(&template).await.unwrap();
    assert_eq!(versions.len(), 2);
    assert!(versions
        .iter()
        .all(|v| v.expiration_after_create_interval_seconds.is_some()));
}

#[tokio::test]
async fn an_unknown_inquiry_is_not_found_and_a_wrong_key_is_unauthorized() {
    let app = spawn_app().await;
    let (client, _) = client_and_template(&app).await;
    let missing = inquiry_portal::domain::InquiryId::parse("inq_doesnotexist00000000").unwrap();
    let error = client.retrieve_inquiry(&missing, false).await.unwrap_err();
    assert!(error.is_not_found(), "{error:?}");
    let mut settings = app.settings.clone();
    settings.sandbox_api_key = "sbx_wrong_key".into();
    let wrong = ProviderClient::new(ProviderConfig::from_settings(&settings).unwrap()).unwrap();
    let error = wrong.list_templates().await.unwrap_err();
    assert!(
        matches!(error, inquiry_portal::provider::ProviderError::Unauthorized),
        "{error:?}"
    );
}
