//! The inquiry operations: what each sends and what it reads back.

use super::*;

#[tokio::test]
async fn creating_an_inquiry_sends_every_option_in_kebab_case_and_reads_token_and_link() {
    let mock = MockProvider::start(vec![Canned::fixture(
        201,
        "create_inquiry_with_session.json",
    )]);
    let mut request = CreateInquiry::new(TemplateRef::Template(
        TemplateId::parse("itmpl_mNKRtWCMWB9Lbccc85DjgJnK").unwrap(),
    ));
    request.reference_id = Some(ReferenceId::parse("user-42").unwrap());
    request.fields.insert("name-first".into(), json!("Ana"));
    request
        .fields
        .insert("birthdate".into(), json!("1990-01-01"));
    request.redirect_uri = Some("http://127.0.0.1:8080/done".into());
    request.note = Some("from the portal".into());
    request.tags = vec!["portal".into()];
    request.auto_create_account_reference_id = Some(ReferenceId::parse("user-42").unwrap());
    request.auto_create_inquiry_session = true;
    request.auto_create_one_time_link = true;
    request.expiration_after_create_interval_seconds = Some(3600);
    request.expiration_after_start_interval_seconds = Some(1800);
    request.expiration_after_resume_interval_seconds = Some(900);
    let key = IdempotencyKey::generate();

    let created = mock.client().create_inquiry(&request, &key).await.unwrap();

    let sent = mock.only_request();
    assert_post(&sent, "/api/v1/inquiries", &key);
    assert_eq!(
        sent.json(),
        json!({
            "data": {"attributes": {
                "inquiry-template-id": "itmpl_mNKRtWCMWB9Lbccc85DjgJnK",
                "reference-id": "user-42",
                "fields": {"name-first": "Ana", "birthdate": "1990-01-01"},
                "redirect-uri": "http://127.0.0.1:8080/done",
                "note": "from the portal",
                "tags": ["portal"]
            }},
            "meta": {
                "auto-create-account-reference-id": "user-42",
                "auto-create-inquiry-session": true,
                "auto-create-one-time-link": true,
                "expiration-after-create-interval-seconds": 3600,
                "expiration-after-start-interval-seconds": 1800,
                "expiration-after-resume-interval-seconds": 900
            }
        })
    );
    let payload = fixture_json("create_inquiry_with_session.json");
    let inquiry = &created.inquiry;
    assert_eq!(inquiry.id.as_str(), "inq_zEx4jL84ShbUyuwX6AzPSqt6");
    assert_eq!(inquiry.status, InquiryStatus::Created);
    assert_eq!(
        inquiry.reference_id.as_ref().map(|r| r.as_str()),
        Some("user-42")
    );
    assert_eq!(
        inquiry.template_id.as_ref().map(|t| t.as_str()),
        Some("itmpl_mNKRtWCMWB9Lbccc85DjgJnK")
    );
    assert_eq!(
        inquiry.template_version_id.as_ref().map(|v| v.as_str()),
        Some("itmplv_1ivdvZUKPLAtWgsQdEvmi6wj")
    );
    assert_eq!(
        inquiry.account_id.as_deref(),
        Some("act_n2uq9eKMboaCQzu9ALWYcVdN")
    );
    assert_eq!(inquiry.created_at, at("2019-11-15T05:27:24Z"));
    assert_eq!(inquiry.expires_at, at("2019-11-16T05:27:24Z"));
    assert_eq!(inquiry.completed_at, None);
    assert_eq!(inquiry.fields["name-first"], json!("Ana"));
    assert_eq!(inquiry.fields["birthdate"], json!("1990-01-01"));
    assert_eq!(inquiry.fields["address-country-code"], json!("PT"));
    assert_eq!(inquiry.session_ids, vec!["iqse_855s3uUxjLyfKPsdbAtAkehL"]);
    assert_eq!(
        created.session_token.as_ref().map(|t| t.expose()),
        payload["meta"]["session-token"].as_str()
    );
    assert_eq!(
        created.one_time_link.as_ref().map(|l| l.expose()),
        Some("https://withpersona.com/verify?code=us1-asdf")
    );
    let printed = format!("{created:?}");
    assert!(!printed.contains("Ana") && !printed.contains("us1-asdf"));
    assert!(!printed.contains(payload["meta"]["session-token"].as_str().unwrap()));
}

#[tokio::test]
async fn the_reference_create_example_parses_and_a_pinned_version_is_sent_as_such() {
    let mock = MockProvider::start(vec![Canned::fixture(201, "create_inquiry.json")]);
    let request = CreateInquiry::new(TemplateRef::Version(
        TemplateVersionId::parse("itmplv_1ivdvZUKPLAtWgsQdEvmi6wj").unwrap(),
    ));
    let key = IdempotencyKey::generate();

    let created = mock.client().create_inquiry(&request, &key).await.unwrap();

    let sent = mock.only_request();
    assert_post(&sent, "/api/v1/inquiries", &key);
    assert_eq!(
        sent.json(),
        json!({"data": {"attributes": {"inquiry-template-version-id": "itmplv_1ivdvZUKPLAtWgsQdEvmi6wj"}}, "meta": {}})
    );
    assert_eq!(created.inquiry.id.as_str(), "inq_zEx4jL84ShbUyuwX6AzPSqt6");
    assert_eq!(created.inquiry.status, InquiryStatus::Created);
    assert_eq!(created.inquiry.reference_id, None);
    // The legacy `template` relationship (`tmpl_…`) is not an inquiry template.
    assert_eq!(created.inquiry.template_id, None);
    assert!(created.session_token.is_none() && created.one_time_link.is_none());
}

#[tokio::test]
async fn a_create_that_asked_for_a_session_but_got_no_token_is_missing_token() {
    let mock = MockProvider::start(vec![Canned::fixture(201, "create_inquiry.json")]);
    let mut request = CreateInquiry::new(TemplateRef::Template(
        TemplateId::parse("itmpl_abc").unwrap(),
    ));
    request.auto_create_inquiry_session = true;

    let result = mock
        .client()
        .create_inquiry(&request, &IdempotencyKey::generate())
        .await;

    assert_eq!(result.unwrap_err(), ProviderError::MissingToken);
}

#[tokio::test]
async fn retrieving_an_inquiry_with_sessions_reads_the_included_sessions_only() {
    let mock = MockProvider::start(vec![Canned::fixture(
        200,
        "retrieve_inquiry_with_sessions.json",
    )]);
    let id = inquiry_id("inq_zEx4jL84ShbUyuwX6AzPSqt6");

    let found = mock.client().retrieve_inquiry(&id, true).await.unwrap();

    let sent = mock.only_request();
    assert_get(&sent, "/api/v1/inquiries/inq_zEx4jL84ShbUyuwX6AzPSqt6");
    assert_eq!(query(&sent), vec![("include", "sessions")]);
    let inquiry = &found.inquiry;
    assert_eq!(inquiry.id, id);
    assert_eq!(inquiry.status, InquiryStatus::Completed);
    assert_eq!(inquiry.tags, vec!["XYZ_CAMPAIGN"]);
    assert_eq!(inquiry.started_at, at("2019-11-15T05:27:46Z"));
    assert_eq!(inquiry.completed_at, at("2019-11-15T05:28:02Z"));
    assert_eq!(inquiry.failed_at, None);
    assert_eq!(
        inquiry.fields,
        [("name-first", json!("John")), ("name-last", json!("Doe"))]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect()
    );
    assert_eq!(inquiry.session_ids, vec!["iqse_ov4ftVuCYm8U7rNkZADFpiBg"]);
    assert_eq!(
        found.sessions.len(),
        1,
        "the included verification is not a session"
    );
    assert_eq!(found.sessions[0].id, "iqse_ueCQP8wmydueLgbsgSVCzt3J");
    assert_eq!(found.sessions[0].status, "active");
    assert_eq!(found.sessions[0].created_at, at("2019-11-15T05:27:59Z"));
    assert_eq!(found.sessions[0].expires_at, None);
}

#[tokio::test]
async fn retrieving_without_sessions_sends_no_query_string() {
    let mock = MockProvider::start(vec![Canned::fixture(
        200,
        "retrieve_inquiry_with_sessions.json",
    )]);

    mock.client()
        .retrieve_inquiry(&inquiry_id("inq_zEx4jL84ShbUyuwX6AzPSqt6"), false)
        .await
        .unwrap();

    assert!(mock.only_request().query.is_empty());
}

#[tokio::test]
async fn listing_inquiries_sends_filters_and_page_parameters_and_returns_the_next_cursor() {
    let mock = MockProvider::start(vec![Canned::fixture(200, "list_inquiries_page.json")]);
    let filter = ListInquiries {
        reference_id: Some(ReferenceId::parse("user 42&x=1").unwrap()),
        status: Some(InquiryStatus::Pending),
        template_id: Some(TemplateId::parse("itmpl_mNKRtWCMWB9Lbccc85DjgJnK").unwrap()),
        page_size: Some(25),
        page_after: Some(inquiry_id("inq_previousPageLast")),
    };

    let page = mock.client().list_inquiries(&filter).await.unwrap();

    let sent = mock.only_request();
    assert_get(&sent, "/api/v1/inquiries");
    assert_eq!(
        query(&sent),
        vec![
            ("filter[reference-id]", "user 42&x=1"),
            ("filter[status]", "pending"),
            (
                "filter[inquiry-template-id]",
                "itmpl_mNKRtWCMWB9Lbccc85DjgJnK"
            ),
            ("page[size]", "25"),
            ("page[after]", "inq_previousPageLast"),
        ]
    );
    assert_eq!(page.inquiries.len(), 1);
    assert_eq!(page.inquiries[0].status, InquiryStatus::Completed);
    assert_eq!(
        page.inquiries[0].session_ids,
        vec!["iqse_ov4ftVuCYm8U7rNkZADFpiBg"]
    );
    assert_eq!(
        page.next_cursor,
        Some(inquiry_id("inq_ByBdXDqUrguLAHjGZMuDZLCx"))
    );
}

#[tokio::test]
async fn resuming_an_inquiry_posts_to_resume_and_returns_the_session_token_from_meta() {
    let mock = MockProvider::start(vec![Canned::fixture(200, "resume_inquiry.json")]);
    let key = IdempotencyKey::generate();

    let resumed = mock
        .client()
        .resume_inquiry(&inquiry_id("inq_zEx4jL84ShbUyuwX6AzPSqt6"), &key)
        .await
        .unwrap();

    assert_post(
        &mock.only_request(),
        "/api/v1/inquiries/inq_zEx4jL84ShbUyuwX6AzPSqt6/resume",
        &key,
    );
    let payload = fixture_json("resume_inquiry.json");
    assert_eq!(
        Some(resumed.session_token.expose()),
        payload["meta"]["session-token"].as_str()
    );
    assert_eq!(resumed.inquiry.id.as_str(), "inq_zEx4jL84ShbUyuwX6AzPSqt6");
}

#[tokio::test]
async fn expiring_an_inquiry_posts_to_expire_and_returns_the_expired_inquiry() {
    let mock = MockProvider::start(vec![Canned::fixture(200, "expire_inquiry.json")]);
    let key = IdempotencyKey::generate();

    let inquiry = mock
        .client()
        .expire_inquiry(&inquiry_id("inq_zEx4jL84ShbUyuwX6AzPSqt6"), &key)
        .await
        .unwrap();

    assert_post(
        &mock.only_request(),
        "/api/v1/inquiries/inq_zEx4jL84ShbUyuwX6AzPSqt6/expire",
        &key,
    );
    assert_eq!(inquiry.status, InquiryStatus::Expired);
    assert_eq!(inquiry.expired_at, at("2019-11-15T05:28:02Z"));
}

#[tokio::test]
async fn generating_a_one_time_link_returns_the_link_from_meta() {
    let mock = MockProvider::start(vec![Canned::fixture(200, "generate_one_time_link.json")]);
    let key = IdempotencyKey::generate();

    let link = mock
        .client()
        .generate_one_time_link(&inquiry_id("inq_5FrMN7NAGgFdGGysCDd7DaBW"), &key)
        .await
        .unwrap();

    assert_post(
        &mock.only_request(),
        "/api/v1/inquiries/inq_5FrMN7NAGgFdGGysCDd7DaBW/generate-one-time-link",
        &key,
    );
    assert_eq!(
        link.expose(),
        "https://withpersona.com/verify?code=us1-asdf"
    );
}
