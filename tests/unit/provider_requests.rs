//! Unit tests of `src/provider/requests.rs` (a child module of it, so private items are in reach).

use serde_json::json;

use super::*;

#[test]
fn a_minimal_create_request_names_only_the_template() {
    let template = TemplateId::parse("itmpl_abc").unwrap();
    let body = CreateInquiry::new(TemplateRef::Template(template))
        .to_body()
        .unwrap();
    assert_eq!(
        body,
        json!({"data": {"attributes": {"inquiry-template-id": "itmpl_abc"}}, "meta": {}})
    );
}

#[test]
fn a_full_create_request_is_written_in_kebab_case() {
    let version = TemplateVersionId::parse("itmplv_v1").unwrap();
    let mut request = CreateInquiry::new(TemplateRef::Version(version));
    request.reference_id = Some(ReferenceId::parse("user-7").unwrap());
    request.fields.insert("name-first".into(), json!("Ana"));
    request.redirect_uri = Some("https://portal.example/done".into());
    request.note = Some("vip".into());
    request.tags = vec!["portal".into()];
    request.auto_create_account_reference_id = Some(ReferenceId::parse("user-7").unwrap());
    request.auto_create_inquiry_session = true;
    request.expiration_after_create_interval_seconds = Some(3600);
    request.expiration_after_start_interval_seconds = Some(600);
    request.expiration_after_resume_interval_seconds = Some(900);
    assert_eq!(
        request.to_body().unwrap(),
        json!({
            "data": {"attributes": {
                "inquiry-template-version-id": "itmplv_v1",
                "reference-id": "user-7",
                "fields": {"name-first": "Ana"},
                "redirect-uri": "https://portal.example/done",
                "note": "vip",
                "tags": ["portal"]
            }},
            "meta": {
                "auto-create-account-reference-id": "user-7",
                "auto-create-inquiry-session": true,
                "expiration-after-create-interval-seconds": 3600,
                "expiration-after-start-interval-seconds": 600,
                "expiration-after-resume-interval-seconds": 900
            }
        })
    );
    let printed = format!("{request:?}");
    assert!(!printed.contains("Ana") && !printed.contains("vip"));
}

#[test]
fn list_filters_become_json_api_query_parameters() {
    let query = ListInquiries {
        reference_id: Some(ReferenceId::parse("user 7").unwrap()),
        status: Some(InquiryStatus::Pending),
        template_id: Some(TemplateId::parse("itmpl_abc").unwrap()),
        page_size: Some(10),
        page_after: Some(InquiryId::parse("inq_last").unwrap()),
    }
    .to_query();
    assert_eq!(
        query,
        vec![
            ("filter[reference-id]", "user 7".to_string()),
            ("filter[status]", "pending".to_string()),
            ("filter[inquiry-template-id]", "itmpl_abc".to_string()),
            ("page[size]", "10".to_string()),
            ("page[after]", "inq_last".to_string()),
        ]
    );
    assert!(ListInquiries::default().to_query().is_empty());
}
