//! Payload styles the client must read: old flat attributes, unknown members, error bodies.

use super::*;

#[tokio::test]
async fn an_old_style_inquiry_with_flat_attributes_gets_the_same_plain_fields() {
    let mock = MockProvider::start(vec![Canned::fixture(200, "inquiry_flat_attributes.json")]);

    let found = mock
        .client()
        .retrieve_inquiry(&inquiry_id("inq_5FrMN7NAGgFdGGysCDd7DaBW"), false)
        .await
        .unwrap();

    let inquiry = found.inquiry;
    assert_eq!(inquiry.status, InquiryStatus::Pending);
    assert_eq!(
        inquiry.reference_id,
        Some(ReferenceId::parse("customer-7").unwrap())
    );
    assert_eq!(
        inquiry.fields,
        [
            ("address-city", json!("Lisbon")),
            ("birthdate", json!("1994-04-12")),
            ("email-address", json!("jane@example.com")),
            ("name-first", json!("Jane")),
            ("name-last", json!("Doe")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    );
    assert_eq!(
        inquiry.template_id,
        Some(TemplateId::parse("itmpl_mNKRtWCMWB9Lbccc85DjgJnK").unwrap())
    );
    assert_eq!(inquiry.session_ids.len(), 4);
}

#[tokio::test]
async fn unknown_members_statuses_and_included_kinds_are_read_without_failing() {
    let mock = MockProvider::start(vec![Canned::fixture(200, "inquiry_unknown_fields.json")]);

    let found = mock
        .client()
        .retrieve_inquiry(&inquiry_id("inq_zEx4jL84ShbUyuwX6AzPSqt6"), true)
        .await
        .unwrap();

    let inquiry = found.inquiry;
    assert_eq!(
        inquiry.status,
        ReportedStatus::Unknown("waiting-on-review-partner".into())
    );
    assert!(!inquiry.status.is_terminal());
    assert_eq!(inquiry.expires_at, at("2019-11-16T05:27:24Z"));
    assert_eq!(inquiry.fields["custom-loyalty-number"], json!("L-99"));
    assert_eq!(inquiry.fields["consented"], json!(true));
    assert_eq!(inquiry.fields["future-shape"], json!({"a": 1}));
    assert!(!inquiry.fields.contains_key("brand-new-attribute"));
    assert_eq!(found.sessions.len(), 1);
    assert_eq!(found.sessions[0].expires_at, at("2019-11-16T05:27:24Z"));
}

#[tokio::test]
async fn persona_error_bodies_become_typed_errors_with_the_providers_details() {
    let mock = MockProvider::start(vec![
        Canned::fixture(409, "error_conflict.json"),
        Canned::fixture(422, "error_unprocessable.json"),
        Canned::fixture(404, "error_not_found.json"),
    ]);
    let client = mock.client();
    let id = inquiry_id("inq_zEx4jL84ShbUyuwX6AzPSqt6");

    let conflict = client
        .resume_inquiry(&id, &IdempotencyKey::generate())
        .await;
    let unprocessable = client
        .create_inquiry(
            &CreateInquiry::new(TemplateRef::Template(TemplateId::parse("itmpl_x").unwrap())),
            &IdempotencyKey::generate(),
        )
        .await;
    let not_found = client.retrieve_inquiry(&id, false).await;

    assert_eq!(
        conflict.unwrap_err(),
        ProviderError::Conflict {
            message: "Inquiry already approved".into()
        }
    );
    assert_eq!(
        unprocessable.unwrap_err(),
        ProviderError::Unprocessable {
            message: "inquiry-template-id is not a published template".into()
        }
    );
    assert!(not_found.unwrap_err().is_not_found());
}

#[tokio::test]
async fn an_answer_that_is_not_an_inquiry_is_a_decode_error_not_a_panic() {
    let mock = MockProvider::start(vec![
        Canned::json(200, "{\"data\": []}"),
        Canned::json(200, "<html>maintenance</html>"),
        Canned::json(200, "{\"data\": {\"type\": \"inquiry\", \"id\": \"inq_x\", \"attributes\": {\"status\": \"pending\", \"created-at\": \"yesterday\"}}}"),
    ]);
    let client = mock.client();
    let id = inquiry_id("inq_x");

    for _ in 0..3 {
        let error = client.retrieve_inquiry(&id, false).await.unwrap_err();
        assert!(matches!(error, ProviderError::Decode { .. }), "{error:?}");
    }
    assert_eq!(mock.requests().len(), 3, "decode errors are not retried");
}
