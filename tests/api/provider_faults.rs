//! The provider client under provider faults: hung answers, 5xx, 429, refused connections,
//! errors that must not be retried, and a 2xx that lacks its token.

use std::time::Duration;

use inquiry_portal::{
    domain::{InquiryId, TemplateId},
    provider::{
        CreateInquiry, IdempotencyKey, InquiryStatus, ProviderClient, ProviderConfig,
        ProviderError, TemplateRef,
    },
};

use crate::mock_provider::{Canned, MockProvider};

fn new_inquiry() -> CreateInquiry {
    CreateInquiry::new(TemplateRef::Template(
        TemplateId::parse("itmpl_mNKRtWCMWB9Lbccc85DjgJnK").unwrap(),
    ))
}

fn inquiry_id() -> InquiryId {
    InquiryId::parse("inq_zEx4jL84ShbUyuwX6AzPSqt6").unwrap()
}

fn keys_sent(mock: &MockProvider) -> Vec<Option<String>> {
    mock.requests()
        .iter()
        .map(|r| r.header("idempotency-key").map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn a_create_that_times_out_is_retried_with_the_same_key_and_creates_one_inquiry() {
    let mock = MockProvider::start(vec![
        Canned::fixture(201, "create_inquiry.json").delayed(Duration::from_secs(30)),
        Canned::fixture(201, "create_inquiry.json"),
    ]);
    let mut config = mock.config();
    config.timeout = Duration::from_millis(300);
    let client = ProviderClient::new(config).unwrap();
    let key = IdempotencyKey::generate();

    let created = client.create_inquiry(&new_inquiry(), &key).await.unwrap();

    assert_eq!(created.inquiry.status, InquiryStatus::Created);
    assert_eq!(mock.requests().len(), 2, "one timeout, one retry");
    assert_eq!(keys_sent(&mock), vec![Some(key.as_str().to_owned()); 2]);
    assert_eq!(
        mock.effects(),
        vec![key.as_str().to_owned()],
        "exactly one inquiry"
    );
}

#[tokio::test]
async fn a_create_answered_500_then_201_is_retried_with_the_same_key_and_creates_one_inquiry() {
    let mock = MockProvider::start(vec![
        Canned::json(500, r#"{"errors":[{"title":"Internal Server Error"}]}"#),
        Canned::fixture(201, "create_inquiry.json"),
    ]);
    let key = IdempotencyKey::generate();

    let created = mock
        .client()
        .create_inquiry(&new_inquiry(), &key)
        .await
        .unwrap();

    assert_eq!(created.inquiry.id, inquiry_id());
    assert_eq!(keys_sent(&mock), vec![Some(key.as_str().to_owned()); 2]);
    assert_eq!(mock.effects(), vec![key.as_str().to_owned()]);
}

#[tokio::test]
async fn a_caller_repeating_an_operation_with_its_key_gets_the_same_inquiry_without_a_second_effect(
) {
    let mock = MockProvider::start(vec![Canned::fixture(201, "create_inquiry.json")]);
    let client = mock.client();
    let key = IdempotencyKey::generate();
    let other = IdempotencyKey::generate();

    let first = client.create_inquiry(&new_inquiry(), &key).await.unwrap();
    let again = client.create_inquiry(&new_inquiry(), &key).await.unwrap();
    client.create_inquiry(&new_inquiry(), &other).await.unwrap();

    assert_eq!(first.inquiry.id, again.inquiry.id);
    assert_eq!(
        mock.effects(),
        vec![key.as_str().to_owned(), other.as_str().to_owned()]
    );
}

#[tokio::test]
async fn a_429_with_ratelimit_reset_is_retried_only_after_the_reset() {
    let mock = MockProvider::start(vec![
        Canned::json(429, r#"{"errors":[{"title":"Too Many Requests"}]}"#)
            .header("RateLimit-Limit", "300")
            .header("RateLimit-Remaining", "0")
            .header("RateLimit-Reset", "1"),
        Canned::fixture(200, "retrieve_inquiry_with_sessions.json"),
    ]);

    let found = mock
        .client()
        .retrieve_inquiry(&inquiry_id(), false)
        .await
        .unwrap();

    assert_eq!(found.inquiry.id, inquiry_id());
    let requests = mock.requests();
    assert_eq!(requests.len(), 2);
    let waited = requests[1].at.duration_since(requests[0].at);
    assert!(
        waited >= Duration::from_millis(950),
        "retried after only {waited:?}"
    );
}

#[tokio::test]
async fn a_429_asking_for_a_longer_wait_than_the_cap_is_returned_at_once_as_rate_limited() {
    let mock = MockProvider::start(vec![Canned::json(429, "{}").header("Retry-After", "120")]);

    let error = mock
        .client()
        .retrieve_inquiry(&inquiry_id(), false)
        .await
        .unwrap_err();

    assert_eq!(
        error,
        ProviderError::RateLimited {
            retry_after_seconds: 120
        }
    );
    assert_eq!(mock.requests().len(), 1);
}

#[tokio::test]
async fn a_429_that_outlasts_every_retry_becomes_rate_limited() {
    let mock = MockProvider::start(vec![Canned::json(429, "{}").header("RateLimit-Reset", "0")]);
    let mut config = mock.config();
    config.max_retries = 2;
    let client = ProviderClient::new(config).unwrap();

    let error = client
        .resume_inquiry(&inquiry_id(), &IdempotencyKey::generate())
        .await
        .unwrap_err();

    assert!(
        matches!(error, ProviderError::RateLimited { .. }),
        "{error:?}"
    );
    assert_eq!(mock.requests().len(), 3);
}

#[tokio::test]
async fn a_provider_that_always_answers_503_becomes_unavailable_after_max_retries() {
    let mock = MockProvider::start(vec![Canned::json(503, "")]);
    let key = IdempotencyKey::generate();

    let error = mock
        .client()
        .create_inquiry(&new_inquiry(), &key)
        .await
        .unwrap_err();

    assert_eq!(error, ProviderError::Unavailable { status: Some(503) });
    assert_eq!(mock.requests().len(), 4, "the first attempt and 3 retries");
    assert_eq!(keys_sent(&mock), vec![Some(key.as_str().to_owned()); 4]);
    assert!(mock.effects().is_empty());
}

#[tokio::test]
async fn a_provider_that_refuses_connections_becomes_unavailable() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let mut config = ProviderConfig::new(
        format!("http://127.0.0.1:{port}/api/v1").parse().unwrap(),
        "key",
    );
    config.backoff_base = Duration::from_millis(5);
    let client = ProviderClient::new(config).unwrap();

    let error = client
        .resume_inquiry(&inquiry_id(), &IdempotencyKey::generate())
        .await
        .unwrap_err();

    assert_eq!(error, ProviderError::Unavailable { status: None });
}

#[tokio::test]
async fn client_errors_are_not_retried_and_map_to_their_variants() {
    let cases = [
        (409, "error_conflict.json"),
        (422, "error_unprocessable.json"),
        (404, "error_not_found.json"),
        (400, "error_unprocessable.json"),
        (401, "error_not_found.json"),
        (403, "error_conflict.json"),
    ];
    for (status, body) in cases {
        let mock = MockProvider::start(vec![Canned::fixture(status, body)]);

        let error = mock
            .client()
            .resume_inquiry(&inquiry_id(), &IdempotencyKey::generate())
            .await
            .unwrap_err();

        assert_eq!(mock.requests().len(), 1, "{status} must not be retried");
        let expected = match status {
            409 => {
                matches!(&error, ProviderError::Conflict { message } if message == "Inquiry already approved")
            }
            422 => matches!(&error, ProviderError::Unprocessable { .. }),
            404 => error == ProviderError::NotFound,
            400 => matches!(&error, ProviderError::BadRequest { .. }),
            401 => error == ProviderError::Unauthorized,
            _ => matches!(&error, ProviderError::Forbidden { .. }),
        };
        assert!(expected, "{status} became {error:?}");
    }
}

#[tokio::test]
async fn a_resume_answered_2xx_without_a_token_is_missing_token() {
    let mock = MockProvider::start(vec![Canned::fixture(200, "resume_without_token.json")]);

    let error = mock
        .client()
        .resume_inquiry(&inquiry_id(), &IdempotencyKey::generate())
        .await
        .unwrap_err();

    assert_eq!(error, ProviderError::MissingToken);
    assert_eq!(mock.requests().len(), 1);
}

#[tokio::test]
async fn a_one_time_link_answer_without_a_link_is_missing_token() {
    let mock = MockProvider::start(vec![Canned::fixture(200, "expire_inquiry.json")]);

    let error = mock
        .client()
        .generate_one_time_link(&inquiry_id(), &IdempotencyKey::generate())
        .await
        .unwrap_err();

    assert_eq!(error, ProviderError::MissingToken);
}

#[tokio::test]
async fn a_429_asking_for_a_wait_past_the_deadline_is_the_providers_rate_limit_not_an_outage() {
    let mock = MockProvider::start(vec![Canned::json(429, "{}").header("Retry-After", "5")]);
    let mut config = mock.config();
    config.deadline = Some(Duration::from_secs(1));
    let client = ProviderClient::new(config).unwrap();

    let error = client
        .retrieve_inquiry(&inquiry_id(), false)
        .await
        .unwrap_err();

    // Read by the API as `provider_busy`: 429 with `Retry-After: 5`, not a 503.
    assert_eq!(
        error,
        ProviderError::RateLimited {
            retry_after_seconds: 5
        }
    );
    assert_eq!(mock.requests().len(), 1);
}
